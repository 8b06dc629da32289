"""Drive the worker subprocesses of one kernel: check results, then time round-robin.

For each kernel, ``run_kernel``:

1. builds every applicable implementation (``tools.Builder``);
2. starts one worker per implementation, each with its own thread settings;
3. initialises the workers one after the other: each imports its module, runs
   ``#setup`` and makes a first call, whose result is checked against
   CPython/NumPy's (strictly for kiln, leniently for the other tools);
4. warms each one up and lets it choose how many calls form one sample;
5. samples round-robin: every round asks each active worker for one sample,
   starting from a different worker each round, so slow drifts of the machine
   hit every implementation alike. A worker stays active until it has
   ``min_samples`` samples and has spent ``budget_s`` of its own time, or has
   ``max_samples``.

Only one worker runs at any moment; the others wait on their pipes. A
sample repeats calls shorter than 20 ms: thread pools (OpenMP's, kiln's)
park their threads some milliseconds after a parallel call, and waking them
at the start of a sample costs up to a millisecond in a virtual machine, so
2 ms samples of 2-thread runs came out bimodal, some slower than 1 thread
(for kiln and Pythran's OpenMP build alike). Every
failure (a build that fails, an import error, a crash, a timeout, a wrong
result) becomes the status of one cell, never an exception out of here.
"""

from __future__ import annotations

import os
import re
import select
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from statistics import median

from bench.check import compare
from bench.kernel import Kernel
from bench.tools import Build, Builder, Impl, first_line, write_numba_meta
from bench.worker import recv_msg, send_msg

WORKER_SCRIPT = Path(__file__).resolve().parent / "worker.py"
NOT_PARALLEL = "no transformation for parallel execution was possible"


@dataclass(frozen=True)
class Settings:
    budget_s: float  # sampling time per implementation per kernel
    min_samples: int
    max_samples: int
    warmup_s: float
    target_sample_ns: int  # calls shorter than this are repeated within one sample
    timeout_s: float  # longest wait for any one reply of a worker
    rtol: float
    atol: float
    # Count the (cold) first call as a sample, except for JITs; quick mode only,
    # where it saves a call of the slow CPython kernels.
    first_call_is_sample: bool = False


FULL = Settings(budget_s=2.0, min_samples=5, max_samples=200, warmup_s=0.2,
                target_sample_ns=20_000_000, timeout_s=600, rtol=1e-7, atol=1e-12)
QUICK = Settings(budget_s=0.1, min_samples=3, max_samples=15, warmup_s=0.0,
                 target_sample_ns=1_000_000, timeout_s=300, rtol=1e-7, atol=1e-12,
                 first_call_is_sample=True)

# Cell statuses. "ok" cells have samples; the others say why not.
OK, COMPILE_FAIL, IMPORT_FAIL, ERROR, CRASH, TIMEOUT, MISMATCH, SKIPPED, NOT_APPLICABLE = (
    "ok", "compile-fail", "import-fail", "error", "crash", "timeout", "mismatch", "skipped", "n/a")


@dataclass
class Cell:
    """The outcome for one implementation on one kernel."""

    impl: Impl
    status: str = OK
    error: str = ""  # first line of the reason, for non-ok cells
    approx: bool = False  # equal to the reference within tolerance, not bit-identical
    samples_ns: list[float] = field(default_factory=list)  # ns per call, one per sample
    inner: int = 1  # calls per sample
    warmup_calls: int = 0
    first_call_ns: int | None = None
    import_ns: int | None = None
    build: Build | None = None
    warnings: list[str] = field(default_factory=list)
    info: dict = field(default_factory=dict)
    timed: bool = True  # False for the reference when CPython is not a selected tool

    @property
    def median_ns(self) -> float | None:
        return median(self.samples_ns) if self.samples_ns else None

    def fail(self, status: str, error: str) -> None:
        self.status, self.error = status, error


@dataclass
class KernelResult:
    kernel: Kernel
    cells: dict[str, Cell]  # by Impl.key, in column order
    error: str = ""  # set when the reference itself failed
    wall_s: float = 0.0


class WorkerHandle:
    """One worker subprocess: request/reply over its stdin and a private stdout."""

    def __init__(self, impl: Impl, log_path: Path):
        env = os.environ.copy()
        env.update(impl.env())
        self.log_path = log_path
        self._log = log_path.open("wb")
        preload = {"numba": ["numpy", "numba"], "numexpr": ["numpy", "numexpr"]}.get(impl.tool, ["numpy"])
        # -P: do not put bench/ on sys.path, where tools.py and friends could
        # shadow a library's imports.
        self.proc = subprocess.Popen(
            [sys.executable, "-P", str(WORKER_SCRIPT), ",".join(map(str, impl.cpus)), *preload],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._log,
            env=env, bufsize=0,
        )

    def wait_ready(self, timeout_s: float) -> dict:
        """The worker's first message: it has pinned its CPUs and imported its libraries."""
        return self._reply(timeout_s)

    def request(self, msg: dict, timeout_s: float) -> dict:
        """Send one command and wait for its reply.

        Returns a reply dict; a crash or a timeout comes back as
        ``{"ok": False, "status": CRASH | TIMEOUT, "error": ...}``.
        """
        try:
            send_msg(self.proc.stdin, msg)
        except OSError:
            return {"ok": False, "status": CRASH, "error": self._death_note()}
        return self._reply(timeout_s)

    def _reply(self, timeout_s: float) -> dict:
        try:
            ready, _, _ = select.select([self.proc.stdout], [], [], timeout_s)
            if not ready:
                self.kill()
                return {"ok": False, "status": TIMEOUT, "error": f"no reply within {timeout_s:.0f} s"}
            return recv_msg(self.proc.stdout)
        except (EOFError, BrokenPipeError, OSError):
            return {"ok": False, "status": CRASH, "error": self._death_note()}

    def _death_note(self) -> str:
        try:
            rc = self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.kill()
            rc = self.proc.returncode
        if rc is not None and rc < 0:
            try:
                what = f"killed by {signal.Signals(-rc).name}"
            except ValueError:
                what = f"killed by signal {-rc}"
        else:
            what = f"exited with status {rc}"
        self._log.flush()
        tail = [ln for ln in self.log_path.read_text(errors="replace").splitlines() if ln.strip()]
        return f"worker {what}" + (f": {tail[-1].strip()[:160]}" if tail else "")

    def request_quit(self) -> None:
        """Ask the worker to exit, without waiting (see ``close``)."""
        if self.proc.poll() is None:
            try:
                send_msg(self.proc.stdin, {"cmd": "quit"})
            except OSError:
                pass

    def close(self) -> None:
        self.request_quit()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.kill()
        self._log.close()
        if self.log_path.stat().st_size == 0:
            self.log_path.unlink()  # keep only the logs that say something

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


def _describe_failure(reply: dict) -> tuple[str, str]:
    """(status, first error line) for a failed worker reply."""
    if "status" in reply:
        return reply["status"], reply["error"]
    phase = reply["phase"]
    message = first_line(reply["error"], 160)
    if phase == "first call" and reply.get("error_module", "").startswith("numba"):
        # Numba compiles on the first call: its errors there are compile failures.
        return COMPILE_FAIL, _numba_error(reply["error"])
    if phase == "import":
        return IMPORT_FAIL, message
    return ERROR, f"{phase}: {message}"


def _numba_error(text: str) -> str:
    """Numba's first line is generic ("Failed in nopython mode pipeline"); add the cause."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    useful = [ln for ln in lines[1:] if not ln.startswith(("During:", "File ", "^", "<source"))]
    head = first_line(lines[0], 120) if lines else "numba error"
    text = head + (f" | {useful[0][:120]}" if useful else "")
    return re.sub(r" at 0x[0-9a-f]+", "", text)  # addresses differ between workers


def run_kernel(kernel: Kernel, impls: list[Impl], reference: Impl, builder: Builder,
               settings: Settings, log_dir: Path, progress) -> KernelResult:
    """Build, check and time every implementation of one kernel; never raises for a tool's failure."""
    t_start = time.perf_counter()
    cells = {impl.key: Cell(impl, timed=True) for impl in impls if impl.applies_to(kernel)}
    ref_cell = cells.get(reference.key) or Cell(reference, timed=False)
    result = KernelResult(kernel, {k: c for k, c in cells.items()})

    # 1. Builds.
    for cell in cells.values():
        if cell.impl.key == reference.key:
            continue
        progress.tick(f"{kernel.name}: building {cell.impl.label}")
        build = builder.build(cell.impl, kernel)
        cell.build = build
        if build.skipped:
            cell.fail(SKIPPED, build.skipped)
        elif not build.ok:
            cell.fail(build.fail_status or COMPILE_FAIL, build.error)
    ref_cell.build = builder.build(reference, kernel)

    # 2-3. Start the workers, initialise them one at a time and check results.
    workers: dict[str, WorkerHandle] = {}
    log_dir.mkdir(parents=True, exist_ok=True)
    try:
        order = [ref_cell] + [c for c in cells.values() if c is not ref_cell and c.status == OK]
        for cell in order:
            workers[cell.impl.key] = WorkerHandle(cell.impl, log_dir / f"{kernel.name}.{cell.impl.key}.log")
        # The workers import their libraries in parallel; nothing is measured
        # until all of them are ready.
        progress.tick(f"{kernel.name}: starting {len(order)} workers")
        for cell in order:
            reply = workers[cell.impl.key].wait_ready(settings.timeout_s)
            if not reply["ok"]:
                cell.fail(*_describe_failure(reply))
        reference_value = None
        for cell in order:
            if cell.status == OK:  # i.e. the worker started
                progress.tick(f"{kernel.name}: first call of {cell.impl.label}")
                reply = workers[cell.impl.key].request(_init_msg(kernel, cell), settings.timeout_s)
                _record_init(cell, reply)
            if cell is ref_cell:
                if cell.status != OK:
                    result.error = f"CPython/NumPy reference failed: {cell.error}"
                    for other in cells.values():
                        if other.status == OK and other is not ref_cell:
                            other.fail(NOT_APPLICABLE, "no reference result")
                    return result
                reference_value = reply["result"]
                continue
            if cell.status == OK:
                _check(cell, reply, reference_value, settings)
            _remember_numba(cell, builder)
            if cell.status != OK:
                workers.pop(cell.impl.key).close()
        if not ref_cell.timed:
            workers.pop(ref_cell.impl.key).close()

        # 4. Warm-up and calibration.
        for key, worker in list(workers.items()):
            cell = cells[key]
            progress.tick(f"{kernel.name}: warming up {cell.impl.label}")
            reply = worker.request({
                "cmd": "warmup", "seconds": settings.warmup_s, "target_sample_ns": settings.target_sample_ns,
                # A JIT's first call included compilation: it says nothing about the call time.
                "min_calls": 1 if (cell.impl.tool == "numba" or settings.warmup_s > 0) else 0,
            }, settings.timeout_s)
            if not reply["ok"]:
                cell.fail(*_describe_failure(reply))
                workers.pop(key).close()
                continue
            cell.inner, cell.warmup_calls = reply["inner"], reply["calls"]

        # 5. Round-robin sampling.
        spent = {key: 0.0 for key in workers}
        if settings.first_call_is_sample:
            for key in workers:
                cell = cells[key]
                if cell.impl.tool != "numba" and cell.timed:
                    cell.samples_ns.append(float(cell.first_call_ns))
                    spent[key] += cell.first_call_ns / 1e9
        rounds = 0
        while True:
            active = [k for k in workers if _wants_more(cells[k], spent[k], settings)]
            if not active:
                break
            shift = rounds % len(active)
            for key in active[shift:] + active[:shift]:
                cell = cells[key]
                reply = workers[key].request({"cmd": "sample"}, settings.timeout_s)
                if not reply["ok"]:
                    cell.fail(*_describe_failure(reply))
                    cell.samples_ns.clear()
                    workers.pop(key).close()
                    continue
                cell.samples_ns.append(reply["ns"])
                spent[key] += reply["ns"] * cell.inner / 1e9
            rounds += 1
            progress.tick(f"{kernel.name}: round {rounds}, " + " ".join(
                f"{cells[k].impl.label}:{len(cells[k].samples_ns)}" for k in active))
    finally:
        for worker in workers.values():  # let them all exit at once
            worker.request_quit()
        for worker in workers.values():
            worker.close()
        result.wall_s = time.perf_counter() - t_start
    return result


def _wants_more(cell: Cell, spent_s: float, settings: Settings) -> bool:
    if cell.status != OK or not cell.timed:
        return False
    n = len(cell.samples_ns)
    return n < settings.min_samples or (n < settings.max_samples and spent_s < settings.budget_s)


def _init_msg(kernel: Kernel, cell: Cell) -> dict:
    build = cell.build
    return {
        "cmd": "init",
        "kind": build.kind,
        "module_name": build.module_name,
        "module_path": str(build.module_path) if build.module_path else None,
        "exports": list(kernel.exports),
        "setup": kernel.setup,
        "run": kernel.run,
        "numexpr": kernel.numexpr,
    }


def _record_init(cell: Cell, reply: dict) -> None:
    if not reply["ok"]:
        cell.fail(*_describe_failure(reply))
        return
    cell.import_ns = reply["import_ns"]
    cell.first_call_ns = reply["first_call_ns"]
    cell.warnings = reply["warnings"]
    cell.info = reply["info"]
    if cell.impl.tool == "numba" and cell.impl.variant == "parallel" and any(NOT_PARALLEL in w for w in cell.warnings):
        cell.fail(NOT_APPLICABLE, "Numba found nothing to parallelize")


def _check(cell: Cell, reply: dict, reference_value, settings: Settings) -> None:
    if reply.get("result_error"):
        cell.fail(MISMATCH, reply["result_error"])
        return
    verdict = compare(reference_value, reply["result"], strict=cell.impl.tool == "kiln",
                      rtol=settings.rtol, atol=settings.atol)
    if not verdict.ok:
        cell.fail(MISMATCH, verdict.why)
    cell.approx = verdict.ok and not verdict.exact


def _remember_numba(cell: Cell, builder: Builder) -> None:
    """After a full run's first Numba call, note the outcome for ``--quick``."""
    build = cell.build
    if cell.impl.tool != "numba" or build is None or build.numba_dir is None or build.cached:
        return
    if builder.quick:
        return
    write_numba_meta(build.numba_dir, {
        "ok": cell.status == OK, "status": cell.status, "error": cell.error,
        "first_call_ns": cell.first_call_ns,
    })
