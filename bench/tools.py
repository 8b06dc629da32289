"""The implementations being compared, how each is built, and the build cache.

An *implementation* (``Impl``) is one tool in one configuration with a stated
thread count, for example "kiln 1T" or "Pythran OMP 2T". The thread count is
applied the same way for every tool: each thread knob the tools read
(``KILN_NUM_THREADS``, ``OMP_NUM_THREADS``, ``OPENBLAS_NUM_THREADS``,
``NUMBA_NUM_THREADS``, ``NUMEXPR_NUM_THREADS``, ...) is set to it in the
worker's environment, and the worker pins itself to that many CPUs. So
"1T" really is one thread on one CPU.

A *build* turns a kernel into something a worker can import: the kernel's own
``.py`` (CPython/NumPy), an extension module compiled by kiln or Pythran, or a
generated module whose functions carry ``@numba.njit``. Compiled builds are
cached under ``bench/.cache/<tool>/<kernel>-<key>/``, where the key hashes the
kernel source, the flags and the tool's version (for kiln: the binary's
contents), so reruns skip the 2-15 s Pythran builds.

Nothing here times a kernel; ``bench/runner.py`` does that.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import sysconfig
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.kernel import Kernel

REPO_ROOT = Path(__file__).resolve().parent.parent
CACHE_DIR = REPO_ROOT / "bench" / ".cache"
EXT_SUFFIX = sysconfig.get_config_var("EXT_SUFFIX") or ".so"
TOOLS = ("cpython", "kiln", "pythran", "numba", "numexpr")
BUILD_TIMEOUT_S = 900

# Every thread knob any of the tools reads at library load.
THREAD_VARS = (
    "KILN_NUM_THREADS",
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
    "NUMBA_NUM_THREADS",
    "NUMEXPR_NUM_THREADS",
    "NUMEXPR_MAX_THREADS",
)

# How long idle pool threads may spin. OpenBLAS's threads spin for 2^28
# cycles (about 0.1 s) after every call before they sleep: the workers of a
# kernel take turns on the same CPUs, so the NumPy and Pythran workers'
# spinning BLAS threads ran during the next worker's `matmul_dot` sample
# (kiln 2T: 4.3 ms in the bench, 1.7 ms alone). 2^20 cycles (about 0.4 ms,
# like OpenMP's default spin) still covers the gap between the back-to-back
# calls of one sample.
IDLE_SPIN_VARS = {"OPENBLAS_THREAD_TIMEOUT": "20"}


def package_version(dist: str) -> str | None:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return None


def first_line(text: str, limit: int = 200) -> str:
    """The first informative line of an error text, shortened to ``limit`` characters.

    Rust-style diagnostics start with ``error: ...``; prefer such a line when
    there is one, since build tools often print progress lines before it.
    """
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    if not lines:
        return "(no output)"
    for ln in lines:
        if re.match(r"(?i)^(error|fatal)\b", ln):
            line = ln
            break
    else:
        line = lines[0]
    return line if len(line) <= limit else line[: limit - 3] + "..."


# --------------------------------------------------------------------------
# Implementations


@dataclass(frozen=True)
class Impl:
    """One column of the results: a tool, a variant and a thread count."""

    key: str  # stable id used in JSON, e.g. "kiln-1t"
    tool: str  # one of TOOLS
    label: str  # column header, e.g. "kiln 1T"
    threads: int
    cpus: tuple[int, ...]
    variant: str = ""  # "omp" for Pythran, "parallel" for Numba
    competitor: bool = False  # counts towards "best competitor" (Pythran/Numba)

    def env(self) -> dict[str, str]:
        env = {var: str(self.threads) for var in THREAD_VARS}
        env.update(IDLE_SPIN_VARS)
        return env

    def describe(self) -> str:
        cpus = ",".join(map(str, self.cpus))
        return (f"all thread variables (KILN/OMP/OPENBLAS/MKL/NUMBA/NUMEXPR) = {self.threads}; "
                f"OpenBLAS idle spin 2^20 cycles; pinned to CPU {cpus}")

    def applies_to(self, kernel: Kernel) -> bool:
        if self.tool == "numexpr":
            return kernel.numexpr is not None
        if self.tool == "numba" and self.variant == "parallel":
            # Where parallel=True can matter: explicit OpenMP loops (turned into
            # prange) and NumPy-expression code (Numba's parfors). A kernel where
            # Numba then finds nothing to parallelize is reported as n/a.
            return kernel.has_omp_loops or kernel.uses_numpy
        return True


def make_impls(tools: list[str]) -> list[Impl]:
    """The implementation configurations for the selected tools, in column order."""
    cpus = tuple(sorted(os.sched_getaffinity(0)))
    n = len(cpus)
    one = cpus[:1]
    impls = []
    for tool in tools:
        if tool == "cpython":
            impls.append(Impl("cpython", "cpython", f"CPython/NumPy {n}T", n, cpus))
        elif tool == "kiln":
            impls.append(Impl("kiln-1t", "kiln", "kiln 1T", 1, one))
            if n > 1:
                impls.append(Impl(f"kiln-{n}t", "kiln", f"kiln {n}T", n, cpus))
        elif tool == "pythran":
            impls.append(Impl("pythran", "pythran", "Pythran 1T", 1, one, competitor=True))
            impls.append(Impl("pythran-omp", "pythran", f"Pythran OMP+xsimd {n}T", n, cpus, "omp", True))
        elif tool == "numba":
            impls.append(Impl("numba", "numba", "Numba 1T", 1, one, competitor=True))
            impls.append(Impl("numba-par", "numba", f"Numba parallel {n}T", n, cpus, "parallel", True))
        elif tool == "numexpr":
            impls.append(Impl("numexpr", "numexpr", f"numexpr {n}T", n, cpus))
    return impls


# --------------------------------------------------------------------------
# Tool discovery


@dataclass
class Toolchain:
    """Which tools can run, their versions, and the notices to print once."""

    kiln_path: Path
    kiln_ok: bool = False
    kiln_key: str = ""
    versions: dict[str, str | None] = field(default_factory=dict)
    pythran_blas: str | None = None  # "scipy-openblas" when scipy-openblas64 is installed
    usable: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


def _file_digest(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _gxx_version() -> str:
    cxx = os.environ.get("CXX", "c++")
    try:
        out = subprocess.run([cxx, "--version"], capture_output=True, text=True, timeout=30)
        return out.stdout.splitlines()[0] if out.stdout else cxx
    except (OSError, subprocess.SubprocessError):
        return cxx


def detect_tools(requested: list[str], kiln_path: Path) -> Toolchain:
    tc = Toolchain(kiln_path=kiln_path)
    for dist in ("numpy", "pythran", "numba", "llvmlite", "scipy", "scipy-openblas64", "numexpr", "matplotlib"):
        tc.versions[dist] = package_version(dist)
    tc.versions["python"] = sys.version.split()[0]
    for tool in requested:
        if tool in ("cpython",):
            tc.usable.append(tool)
        elif tool == "kiln":
            # kiln always gets its columns: a missing binary shows as COMPILE FAIL.
            tc.usable.append(tool)
            if kiln_path.is_file() and os.access(kiln_path, os.X_OK):
                tc.kiln_ok = True
                parts = [_file_digest(kiln_path)]
                runtime = os.environ.get("KILN_RUNTIME_LIB") or str(kiln_path.parent / "libkiln_runtime.a")
                if Path(runtime).is_file():
                    parts.append(_file_digest(Path(runtime)))
                tc.kiln_key = hashlib.sha256("/".join(parts).encode()).hexdigest()
            else:
                tc.notices.append(f"kiln binary not found at {kiln_path}; run cargo build --release (kiln columns show COMPILE FAIL)")
        elif tool == "pythran":
            if tc.versions["pythran"] is None:
                tc.notices.append("pythran is not installed: skipping Pythran (pip install -r requirements-bench.txt)")
                continue
            tc.usable.append(tool)
            if tc.versions["scipy-openblas64"]:
                tc.pythran_blas = "scipy-openblas"
            else:
                tc.notices.append("scipy-openblas64 is not installed: Pythran kernels that need a BLAS (np.dot) may fail to build")
        elif tool == "numba":
            if tc.versions["numba"] is None:
                tc.notices.append("numba is not installed: skipping Numba (pip install -r requirements-bench.txt)")
                continue
            tc.usable.append(tool)
            if tc.versions["scipy"] is None:
                tc.notices.append("scipy is not installed: Numba's np.dot will fail")
        elif tool == "numexpr":
            if tc.versions["numexpr"] is None:
                tc.notices.append("numexpr is not installed: skipping the numexpr column")
                continue
            tc.usable.append(tool)
    return tc


# --------------------------------------------------------------------------
# Builds


@dataclass
class Build:
    """What a worker imports for one (implementation, kernel), or why it cannot."""

    ok: bool
    kind: str = "module"  # "module" (a .py or an extension) or "numexpr"
    module_path: Path | None = None
    module_name: str = ""
    wall_s: float | None = None  # compile wall time (kiln, Pythran)
    cpu_s: float | None = None  # compile CPU time, children included
    cached: bool = False  # True when the build (and its recorded times) came from the cache
    error: str = ""  # first line of the failure
    log: str = ""  # the tool's full output on failure
    cmd: list[str] = field(default_factory=list)
    skipped: str = ""  # reason, when the build was deliberately not attempted
    fail_status: str = ""  # the cell status a failure maps to, when not a compile failure
    numba_dir: Path | None = None  # where the generated Numba module and its meta live
    recorded_first_call_ns: int | None = None  # Numba's first call in the run that compiled it


def _run_timed(cmd: list[str], cwd: Path) -> tuple[int, str, float, float]:
    """Run a build command; return (exit code, output, wall s, CPU s of it and its children)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    try:
        proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=BUILD_TIMEOUT_S)
        rc, out = proc.returncode, (proc.stderr or "") + (proc.stdout or "")
    except subprocess.TimeoutExpired:
        rc, out = -1, f"timed out after {BUILD_TIMEOUT_S} s"
    except OSError as err:
        rc, out = -2, f"cannot run {cmd[0]}: {err}"
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return rc, out, wall, cpu


def numba_source(kernel: Kernel, parallel: bool) -> str:
    """The kernel's source with ``@numba.njit`` on every top-level function.

    With ``parallel``, a ``for ... in range(...)`` loop right below an
    ``#omp parallel for`` comment becomes ``numba.prange``, mirroring what the
    OpenMP annotation means for Pythran. ``cache=True`` lets ``--quick`` reuse
    the compiled code of an earlier full run.
    """
    options = "cache=True, parallel=True" if parallel else "cache=True"
    out = ["import numba  # added by bench/tools.py"]
    omp_pending = False
    for line in kernel.source.splitlines():
        stripped = line.strip()
        if parallel and re.match(r"#\s*omp\s+parallel\s+for\b", stripped):
            omp_pending = True
        elif omp_pending and stripped and not stripped.startswith("#"):
            line = re.sub(r"^(\s*for\b.*?\bin\s+)range\(", r"\1numba.prange(", line)
            omp_pending = False
        if re.match(r"def\s", line):
            out.append(f"@numba.njit({options})")
        out.append(line)
    return "\n".join(out) + "\n"


class Builder:
    """Builds (or finds in the cache) what each implementation's worker imports."""

    def __init__(self, toolchain: Toolchain, *, quick: bool, rebuild: bool, cache_dir: Path = CACHE_DIR):
        self.tc = toolchain
        self.quick = quick
        self.rebuild = rebuild
        self.cache_dir = cache_dir
        self._memo: dict[tuple[str, str, str], Build] = {}
        self._host_key = ""

    def build(self, impl: Impl, kernel: Kernel) -> Build:
        # kiln 1T and kiln NT share one build.
        memo_key = (impl.tool, impl.variant, kernel.name)
        if memo_key not in self._memo:
            self._memo[memo_key] = self._build(impl, kernel)
        return self._memo[memo_key]

    def _build(self, impl: Impl, kernel: Kernel) -> Build:
        if impl.tool == "cpython":
            return Build(ok=True, module_path=kernel.path, module_name=kernel.name)
        if impl.tool == "numexpr":
            return Build(ok=True, kind="numexpr")
        if impl.tool == "kiln":
            return self._build_kiln(kernel)
        if impl.tool == "pythran":
            return self._build_pythran(kernel, omp=impl.variant == "omp")
        if impl.tool == "numba":
            return self._prepare_numba(kernel, parallel=impl.variant == "parallel")
        raise ValueError(f"unknown tool {impl.tool}")

    # -- kiln and Pythran: compiled, cached extension modules

    def _build_kiln(self, kernel: Kernel) -> Build:
        if not self.tc.kiln_ok:
            return Build(ok=False, error=f"kiln binary not found at {self.tc.kiln_path}; run cargo build --release")
        so = kernel.name + EXT_SUFFIX
        cmd = [str(self.tc.kiln_path), kernel.name + ".py", "-o", so]
        return self._compile("kiln", kernel, cmd, self.tc.kiln_key)

    def _build_pythran(self, kernel: Kernel, omp: bool) -> Build:
        cmd = [sys.executable, "-m", "pythran.run", "-O3", "-march=native"]
        if omp:
            cmd += ["-fopenmp", "-DUSE_XSIMD"]
        if self.tc.pythran_blas:
            cmd += ["--config", f"compiler.blas={self.tc.pythran_blas}"]
        cmd += [kernel.name + ".py", "-o", kernel.name + EXT_SUFFIX]
        return self._compile("pythran", kernel, cmd, f"pythran {self.tc.versions['pythran']}; {self._host()}")

    def _host(self) -> str:
        """What else a native build depends on: C++ compiler and CPU (-march=native)."""
        if not self._host_key:
            self._host_key = f"{_gxx_version()}; {cpu_model()}; {sys.version}"
        return self._host_key

    def _compile(self, tool: str, kernel: Kernel, cmd: list[str], version: str) -> Build:
        """Run ``cmd`` in a fresh directory holding ``<kernel>.py``, with caching.

        Successes and deterministic failures are cached; timeouts are not.
        """
        key_text = json.dumps([tool, cmd[1:], version, EXT_SUFFIX, kernel.source])
        key = hashlib.sha256(key_text.encode()).hexdigest()[:16]
        final = self.cache_dir / tool / f"{kernel.name}-{key}"
        so_path = final / (kernel.name + EXT_SUFFIX)
        meta_path = final / "meta.json"
        if meta_path.is_file() and not self.rebuild:
            meta = json.loads(meta_path.read_text())
            if not meta["ok"] or so_path.is_file():
                return Build(
                    ok=meta["ok"], module_path=so_path if meta["ok"] else None, module_name=kernel.name,
                    wall_s=meta["wall_s"], cpu_s=meta["cpu_s"], cached=True,
                    error=meta.get("error", ""), log=meta.get("log", ""), cmd=meta["cmd"],
                )
        if self.quick and tool == "pythran":
            return Build(ok=False, skipped="not cached; --quick skips Pythran builds (run once without --quick)")

        tmp = final.with_name(f"{final.name}.tmp{os.getpid()}")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        (tmp / (kernel.name + ".py")).write_text(kernel.source)
        rc, out, wall, cpu = _run_timed(cmd, tmp)
        ok = rc == 0 and (tmp / so_path.name).is_file()
        error = ""
        if not ok:
            if rc == 0:
                error = f"{Path(cmd[0]).name} exited 0 but wrote no {so_path.name}"
            else:
                error = first_line(out)
        build = Build(ok=ok, module_path=so_path if ok else None, module_name=kernel.name,
                      wall_s=wall, cpu_s=cpu, error=error, log=out if not ok else "", cmd=cmd)
        if rc == -1:  # a timeout may be the machine's fault: do not cache it
            shutil.rmtree(tmp, ignore_errors=True)
            return build
        meta = {"ok": ok, "wall_s": wall, "cpu_s": cpu, "error": error, "log": build.log, "cmd": cmd,
                "version": version, "built": time.strftime("%Y-%m-%dT%H:%M:%S")}
        (tmp / "meta.json").write_text(json.dumps(meta, indent=1))
        shutil.rmtree(final, ignore_errors=True)
        tmp.rename(final)
        return build

    # -- Numba: a generated module, compiled lazily by the worker's first call

    def _prepare_numba(self, kernel: Kernel, parallel: bool) -> Build:
        source = numba_source(kernel, parallel)
        key_text = json.dumps([source, self.tc.versions["numba"], self.tc.versions["llvmlite"], sys.version])
        key = hashlib.sha256(key_text.encode()).hexdigest()[:16]
        variant = "parallel" if parallel else "njit"
        directory = self.cache_dir / "numba" / f"{kernel.name}-{variant}-{key}"
        directory.mkdir(parents=True, exist_ok=True)
        module = directory / (kernel.name + ".py")
        # Rewriting an unchanged file would bump its mtime and void Numba's cache.
        if not module.is_file() or module.read_text() != source:
            module.write_text(source)
        pycache = directory / "__pycache__"
        meta = read_numba_meta(directory)
        if self.quick and not self.rebuild:
            # Reuse what the last full run learnt: its outcome, or its compiled code.
            if meta and not meta["ok"]:
                return Build(ok=False, cached=True, error=meta["error"], fail_status=meta["status"],
                             numba_dir=directory)
            if not (meta and any(pycache.glob("*.nbi"))):
                return Build(ok=False, numba_dir=directory,
                             skipped="not cached; --quick skips Numba compilation (run once without --quick)")
            return Build(ok=True, module_path=module, module_name=kernel.name, cached=True, numba_dir=directory,
                         recorded_first_call_ns=meta.get("first_call_ns"))
        # A full run measures a real compile: drop what an earlier run cached.
        shutil.rmtree(pycache, ignore_errors=True)
        return Build(ok=True, module_path=module, module_name=kernel.name, numba_dir=directory)


def read_numba_meta(directory: Path) -> dict | None:
    path = directory / "meta.json"
    return json.loads(path.read_text()) if path.is_file() else None


def write_numba_meta(directory: Path, meta: dict) -> None:
    """Record how the last full run's first call went, for ``--quick`` to reuse."""
    (directory / "meta.json").write_text(json.dumps(meta, indent=1))


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    import platform

    return platform.processor() or "unknown"
