"""Times kiln-compiled kernels at several thread counts, one process per
count, to see how the thread pool scales (`bench.py` compares tools; this
isolates kiln). Usage:

    .venv/bin/python bench/thread_scaling.py [--threads 1,2] [--calls 200] [kernel ...]

Kernels default to the ones with `#omp parallel for` and the large array
expressions. Prints the median ms per call and the speed-up over 1 thread.
"""

import argparse
import os
import pathlib
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
KERNELS = ROOT / "bench" / "kernels"
DEFAULT = ["pi_lcg", "pairwise_dist", "matmul_loops", "hypot_expr", "arc_distance", "gray_scott"]

CHILD = r"""
import importlib.util, sys, time
path, name, setup, run, calls = sys.argv[1:6]
spec = importlib.util.spec_from_file_location(name, path)
mod = importlib.util.module_from_spec(spec)
spec.loader.exec_module(mod)
ns = {}
exec(setup, ns)
ns.update({k: getattr(mod, k) for k in dir(mod) if not k.startswith("_")})
code = compile(run, "<run>", "eval")
eval(code, ns)
times = []
for _ in range(int(calls)):
    t = time.perf_counter()
    eval(code, ns)
    times.append(time.perf_counter() - t)
times.sort()
print(times[len(times) // 2] * 1e3)
"""


def directive(text, key):
    for line in text.splitlines():
        if line.startswith(f"#{key}:"):
            return line.split(":", 1)[1].strip()
    raise SystemExit(f"no #{key}: line")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("kernels", nargs="*", default=DEFAULT)
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--calls", type=int, default=200)
    args = ap.parse_args()
    counts = [int(t) for t in args.threads.split(",")]
    kiln = ROOT / "target" / "release" / "kiln"
    print("kernel".ljust(16) + "".join(f"{n} thr (ms)".rjust(14) for n in counts) + "  speed-up")
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.kernels:
            src = KERNELS / f"{name}.py"
            text = src.read_text()
            out = pathlib.Path(tmp) / f"{name}.so"
            subprocess.run([str(kiln), str(src), "-o", str(out)], check=True)
            row = []
            for n in counts:
                env = dict(os.environ, KILN_NUM_THREADS=str(n))
                res = subprocess.run(
                    [sys.executable, "-c", CHILD, str(out), name, directive(text, "setup"), directive(text, "run"), str(args.calls)],
                    env=env, check=True, capture_output=True, text=True,
                )
                row.append(float(res.stdout.strip()))
            print(name.ljust(16) + "".join(f"{t:14.3f}" for t in row) + f"  {row[0] / row[-1]:.2f}x")


if __name__ == "__main__":
    main()
