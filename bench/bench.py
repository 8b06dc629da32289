"""Command-line entry of the side-by-side benchmark: ``python bench/bench.py`` or ``python -m bench``.

For every selected kernel in ``bench/kernels/`` it builds each implementation
(kiln, Pythran, Numba, ...), checks its result against CPython/NumPy, times
them round-robin in separate worker processes, and writes ``results.md``,
``results.json`` and ``speedup.png`` to ``bench/results/<timestamp>/`` (with
``bench/results/latest`` pointing there). See ``bench/README.md``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    # Run as a script: make the repository root importable (instead of bench/,
    # whose module names could shadow others) so `bench.*` resolves.
    sys.path[0] = str(Path(__file__).resolve().parent.parent)

from bench import kernel as kernels_mod  # noqa: E402
from bench import report  # noqa: E402
from bench.runner import FULL, QUICK, run_kernel  # noqa: E402
from bench.tools import REPO_ROOT, TOOLS, Builder, cpu_model, detect_tools, make_impls  # noqa: E402

RESULTS_DIR = REPO_ROOT / "bench" / "results"


class Progress:
    """A single updating status line on a terminal; plain lines otherwise.

    ``update`` reports a new phase (printed as a line when not on a terminal);
    ``tick`` reports progress within a phase (shown only on a terminal);
    ``log`` prints a line that stays.
    """

    def __init__(self, stream=sys.stderr):
        self.stream = stream
        self.tty = stream.isatty()
        self.prefix = ""
        self._shown = False

    def _show(self, text: str) -> None:
        width = shutil.get_terminal_size((100, 20)).columns - 1
        self.stream.write("\r\x1b[K" + (self.prefix + text)[:width])
        self.stream.flush()
        self._shown = True

    def update(self, text: str) -> None:
        if self.tty:
            self._show(text)
        else:
            print(self.prefix + text, file=self.stream, flush=True)

    def tick(self, text: str) -> None:
        if self.tty:
            self._show(text)

    def log(self, text: str) -> None:
        if self.tty and self._shown:
            self.stream.write("\r\x1b[K")
            self._shown = False
        print(text, file=self.stream, flush=True)


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="python bench/bench.py",
        description="Time kiln against CPython/NumPy, Pythran, Numba and numexpr on bench/kernels/.",
    )
    p.add_argument("-k", "--kernels", metavar="NAMES",
                   help="comma-separated kernel names or globs (default: all), e.g. -k 'fib,matmul_*'")
    p.add_argument("--tools", default=",".join(TOOLS),
                   help=f"comma-separated tools to run (default: {','.join(TOOLS)}); CPython/NumPy always "
                        "computes the reference result, but is timed only when listed")
    p.add_argument("--quick", action="store_true",
                   help="few samples and a small time budget (all kernels in under a minute); Pythran and "
                        "Numba run only where an earlier full run left them cached")
    p.add_argument("--out", type=Path, metavar="DIR",
                   help="write the results to DIR instead of bench/results/<timestamp>/")
    p.add_argument("--kiln", type=Path, metavar="PATH",
                   help="the kiln binary (default: $KILN, else target/release/kiln in the repository)")
    p.add_argument("--rebuild", action="store_true", help="ignore the build cache in bench/.cache/")
    p.add_argument("--budget", type=float, metavar="S",
                   help="sampling seconds per implementation and kernel (default: 2, quick: 0.1)")
    p.add_argument("--min-samples", type=int, metavar="N", help="samples at least (default: 5, quick: 3)")
    p.add_argument("--max-samples", type=int, metavar="N", help="samples at most (default: 200, quick: 15)")
    p.add_argument("--rtol", type=float, help="relative tolerance of the result check (default: 1e-7)")
    p.add_argument("--list", action="store_true", help="list the kernels and exit")
    args = p.parse_args(argv)
    args.tools = [t.strip() for t in args.tools.split(",") if t.strip()]
    unknown = [t for t in args.tools if t not in TOOLS]
    if unknown:
        p.error(f"unknown tool(s) {', '.join(unknown)}; choose from {', '.join(TOOLS)}")
    return args


def machine_info(kiln_path: Path, kiln_key: str, versions: dict) -> dict:
    def git(*cmd) -> str:
        try:
            out = subprocess.run(["git", "-C", str(REPO_ROOT), *cmd], capture_output=True, text=True, timeout=30)
            return out.stdout.strip() if out.returncode == 0 else ""
        except (OSError, subprocess.SubprocessError):
            return ""

    commit = git("rev-parse", "--short=12", "HEAD") or "unknown"
    if git("status", "--porcelain", "--untracked-files=no"):
        commit += " (dirty)"
    return {
        "cpu_model": cpu_model(),
        "cpu_count": os.cpu_count(),
        "cpus_usable": len(os.sched_getaffinity(0)),
        "loadavg_start": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "platform": sys.platform,
        "versions": versions,
        "kiln_commit": commit,
        "kiln_binary": str(kiln_path),
        "kiln_binary_found": kiln_path.is_file(),
        "kiln_build_key": kiln_key[:16],  # hash of the binary and its runtime library
    }


def busy_machine_note(when: str) -> str | None:
    """A warning when other work competes for the CPUs (our own workers run one at a time)."""
    load = os.getloadavg()[0]
    if load <= 0.5 * len(os.sched_getaffinity(0)) + (1 if when == "at the end" else 0):
        return None
    return (f"the machine was busy {when} (1-minute load average {load:.1f}): timings are noisy, "
            "multi-thread columns most")


def output_dir(args: argparse.Namespace, stamp: str) -> Path:
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        return args.out
    out = RESULTS_DIR / stamp
    out.mkdir(parents=True, exist_ok=True)
    return out


def point_latest(out: Path) -> None:
    """Make bench/results/latest a symlink to this run (a copy where links fail)."""
    latest = RESULTS_DIR / "latest"
    if latest.is_symlink() or latest.is_file():
        latest.unlink()
    elif latest.is_dir():
        shutil.rmtree(latest)
    try:
        latest.symlink_to(out.name, target_is_directory=True)
    except OSError:
        shutil.copytree(out, latest)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    progress = Progress()

    all_kernels, warnings = kernels_mod.discover()
    for w in warnings:
        progress.log(f"warning: {w}")
    try:
        kernels = kernels_mod.select(all_kernels, args.kernels)
    except kernels_mod.KernelError as err:
        progress.log(f"error: {err}")
        return 2
    if args.list:
        for k in kernels:
            print(f"{k.name:16} {k.size}")
        return 0

    settings = QUICK if args.quick else FULL
    overrides = {name: value for name, value in (
        ("budget_s", args.budget), ("min_samples", args.min_samples),
        ("max_samples", args.max_samples), ("rtol", args.rtol)) if value is not None}
    if overrides:
        import dataclasses

        settings = dataclasses.replace(settings, **overrides)

    kiln_path = args.kiln or Path(os.environ.get("KILN") or REPO_ROOT / "target" / "release" / "kiln")
    kiln_path = kiln_path.resolve()
    toolchain = detect_tools(args.tools, kiln_path)
    for notice in toolchain.notices:
        progress.log(f"note: {notice}")
    if "cpython" not in args.tools:
        progress.log("note: CPython/NumPy is not timed (not in --tools); it still provides the reference result")

    reference = make_impls(["cpython"])[0]
    impls = make_impls(["cpython"] * ("cpython" in toolchain.usable)
                       + [t for t in toolchain.usable if t != "cpython"])
    progress.log("configurations:")
    for impl in impls:
        progress.log(f"  {impl.label:24} {impl.describe()}")

    busy_note = busy_machine_note("at the start")
    if busy_note:
        toolchain.notices.append(busy_note)
        progress.log(f"note: {busy_note}")

    stamp = time.strftime("%Y-%m-%dT%H-%M-%S")
    started = time.strftime("%Y-%m-%d %H:%M:%S")
    out = output_dir(args, stamp)
    builder = Builder(toolchain, quick=args.quick, rebuild=args.rebuild)
    machine = machine_info(kiln_path, toolchain.kiln_key, toolchain.versions)

    results = []
    t0 = time.perf_counter()
    try:
        for i, kernel in enumerate(kernels, 1):
            progress.prefix = f"[{i}/{len(kernels)}] "
            progress.update(f"{kernel.name}: starting")
            res = run_kernel(kernel, impls, reference, builder, settings, out / "logs", progress)
            results.append(res)
            summary = ", ".join(
                f"{c.impl.label} {report.fmt_ms(c.median_ns / 1e6)} ms" if c.median_ns
                else f"{c.impl.label} {report.status_label(c)}"
                for c in res.cells.values())
            progress.prefix = ""
            progress.log(f"[{i}/{len(kernels)}] {kernel.name} ({res.wall_s:.1f} s): {res.error or summary}")
    except KeyboardInterrupt:
        progress.log("interrupted: reporting the kernels finished so far")

    machine["loadavg_end"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    if not busy_note and (busy_note := busy_machine_note("at the end")):
        toolchain.notices.append(busy_note)
    logs = out / "logs"
    if logs.is_dir() and not any(logs.iterdir()):
        logs.rmdir()
    run = report.Run(
        started=started, finished=time.strftime("%Y-%m-%d %H:%M:%S"), argv=sys.argv,
        mode="quick" if args.quick else "full", settings=settings, impls=impls,
        reference_timed="cpython" in toolchain.usable, machine=machine,
        notices=toolchain.notices, results=results,
    )
    markdown = report.render_markdown(run)
    (out / "results.md").write_text(markdown)
    report.write_json(run, out / "results.json")
    chart_notice = report.write_chart(run, out / "speedup.png")
    if not args.out:
        point_latest(out)
    print(markdown)
    if chart_notice:
        progress.log(f"note: {chart_notice}")
    progress.log(f"results in {out} ({time.perf_counter() - t0:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
