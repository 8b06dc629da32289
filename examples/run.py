"""Compiles every example in this folder with kiln, imports it next to the
plain-Python module, checks that both return the same result, and prints the
speed-up of kiln over CPython/NumPy.

Each example carries `#pythran export`, `#setup:` and `#run:` lines, like the
benchmark kernels. Usage: python examples/run.py [NAME ...]
"""
import importlib.machinery
import importlib.util
import os
import pathlib
import re
import subprocess
import sys
import sysconfig
import tempfile
import time

import numpy as np

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parent
KILN = os.environ.get("KILN", str(REPO / "target" / "release" / "kiln"))


def load(name, path):
    if path.suffix == ".py":
        spec = importlib.util.spec_from_file_location(name + "__py", path)
    else:
        loader = importlib.machinery.ExtensionFileLoader(name, str(path))
        spec = importlib.util.spec_from_file_location(name, path, loader=loader)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def median_time(fn, args, budget=1.0, max_runs=50):
    times = []
    start = time.perf_counter()
    while len(times) < 3 or (time.perf_counter() - start < budget and len(times) < max_runs):
        t = time.perf_counter()
        fn(*args)
        times.append(time.perf_counter() - t)
    times.sort()
    return times[len(times) // 2]


def same(a, b):
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return type(a) is type(b) and a.dtype == b.dtype and a.shape == b.shape and np.allclose(a, b, equal_nan=True)
    if isinstance(a, tuple):
        return type(b) is tuple and len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return type(a) is type(b) and (a == b or (a != a and b != b) or abs(a - b) <= 1e-12 * max(abs(a), abs(b)))


def main(names):
    build = pathlib.Path(tempfile.mkdtemp(prefix="kiln-examples-"))
    suffix = sysconfig.get_config_var("EXT_SUFFIX")
    ok = True
    print(f"{'example':<12} {'compile':>9} {'CPython':>11} {'kiln':>11} {'speed-up':>9}  check")
    for src in sorted(HERE.glob("*.py")):
        if src.name == "run.py" or (names and src.stem not in names):
            continue
        text = src.read_text()
        setup = re.search(r"^#setup:(.*)$", text, re.M).group(1).strip()
        run = re.search(r"^#run:(.*)$", text, re.M).group(1).strip()
        out = build / f"{src.stem}{suffix}"
        t = time.perf_counter()
        proc = subprocess.run([KILN, str(src), "-o", str(out)], capture_output=True, text=True)
        compile_s = time.perf_counter() - t
        if proc.returncode != 0:
            print(f"{src.stem:<12} kiln failed:\n{proc.stderr}")
            ok = False
            continue
        fname, argtext = re.match(r"(\w+)\((.*)\)$", run).groups()
        results, times = [], []
        for module in (load(src.stem, src), load(src.stem, out)):
            ns = {}
            exec(setup, ns)
            args = eval(f"({argtext},)", ns)
            fn = getattr(module, fname)
            results.append(fn(*args))
            times.append(median_time(fn, args))
        match = same(results[0], results[1])
        ok &= match
        print(f"{src.stem:<12} {compile_s:8.2f}s {times[0]*1e3:9.2f}ms {times[1]*1e3:9.3f}ms {times[0]/times[1]:8.0f}x  {'same result' if match else 'MISMATCH'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
