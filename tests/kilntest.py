"""Shared machinery of kiln's differential test suite.

The pytest files (`test_cases.py`, `test_call_errors.py`, `test_harness_selftest.py`)
are thin; everything they share lives here:

- parsing case files (`#pythran export`, `#runas`, `#kiln-xfail`), see `parse_case`;
- compiling a module with kiln, with a build cache in `tests/.build/`, see `Builder`;
- importing the compiled extension and the plain-Python reference, see `import_*`;
- running a `#runas` program in a fresh namespace and recording what happened,
  see `run_program` and `Outcome`;
- comparing two outcomes by the suite's rules, see `diff_values` / `diff_outcomes`;
- checking that runas calls match the export specs (with `kilnspec.py`), see
  `spec_checked`.

Invariants:
- Nothing here imports a case file as a side effect of being imported: collecting
  cases only reads text, so a broken case breaks its own tests and no others.
- The comparator never trusts `==` alone: types are compared first with
  `type(a) is type(b)`, so a comparison that cannot fail is a harness bug
  (`test_harness_selftest.py` proves it can fail for each rule).
"""

from __future__ import annotations

import ast
import builtins
import concurrent.futures
import dataclasses
import functools
import hashlib
import importlib.machinery
import importlib.util
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import sysconfig
import threading
import types
import warnings
from pathlib import Path
from typing import Any

import numpy as np

import kilnspec

REPO = Path(__file__).resolve().parent.parent
TESTS_DIR = REPO / "tests"
CASES_DIR = TESTS_DIR / "cases"
BUILD_DIR = TESTS_DIR / ".build"
EXT_SUFFIX: str = sysconfig.get_config_var("EXT_SUFFIX")

#: Largest distance, in units in the last place, between two floats that still
#: count as equal. Transcendental functions may legitimately differ by a few ULP
#: between glibc's libm, libmvec and other implementations.
MAX_ULP = 4

#: Seconds one kiln invocation may take before the build counts as failed.
COMPILE_TIMEOUT_S = float(os.environ.get("KILN_COMPILE_TIMEOUT", "300"))

#: How many kiln processes run at once (CI has 2 cores).
COMPILE_WORKERS = int(os.environ.get("KILN_COMPILE_JOBS", "2"))


def env_flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() not in ("", "0", "false", "no")


def cpython_only() -> bool:
    """`KILN_HARNESS_CPYTHON_ONLY=1`: compare CPython against a second CPython
    import of the same file instead of against kiln. This exercises the harness
    plumbing and checks every `#runas` is deterministic, without a compiler."""
    return env_flag("KILN_HARNESS_CPYTHON_ONLY")


class CaseFormatError(Exception):
    """A case file breaks the `#runas` / `#kiln-xfail` / export conventions."""


class KilnMismatch(AssertionError):
    """CPython and kiln disagree. A strict xfail only accepts this exception, so
    an xfail-marked runas still fails loudly when kiln cannot even compile."""


class KilnUnsupported(AssertionError):
    """kiln rejected a `#kiln-todo:` case file with a "not supported"
    diagnostic: what such a file's strict xfails expect until the feature lands."""


class KilnBuildError(Exception):
    """kiln failed to produce or the harness failed to import the module."""


# --------------------------------------------------------------------------
# Case files
# --------------------------------------------------------------------------

_RUNAS_RE = re.compile(r"^#runas(?:\s+(.*))?$")
_XFAIL_RE = re.compile(r"^#\s*kiln-xfail\b:?(.*)$")
_TODO_RE = re.compile(r"^#\s*kiln-todo\b:?(.*)$")

#: What kiln prints for a construct it does not implement yet ("... is not
#: supported yet", "`numpy.array` is not supported", "got an unsupported
#: keyword argument"): a `#kiln-todo:` file must fail to compile with such a
#: diagnostic.
UNSUPPORTED_RE = re.compile(r"not supported|unsupported")
_EXPORT_RE = re.compile(r"^#\s*(?:pythran|kiln)\s+export\b(.*)$")


@dataclasses.dataclass(frozen=True)
class Runas:
    """One `#runas` program of one case file."""

    case_path: Path
    lineno: int  # 1-based line of the `#runas` line
    source: str  # the statements, continuation lines joined
    xfail: str | None  # the `#kiln-xfail:` reason, if any

    @property
    def id(self) -> str:
        return f"{self.case_path.name}:{self.lineno}"


@dataclasses.dataclass(frozen=True)
class Case:
    path: Path
    exports: tuple[str, ...]  # exported names, in order of first appearance
    runas: tuple[Runas, ...]
    export_texts: tuple[str, ...] = ()  # each logical export line, after `export`
    todo: str | None = None  # the file's `#kiln-todo:` feature, if any

    @property
    def stem(self) -> str:
        return self.path.stem


def _split_top_level(text: str, sep: str = ",") -> list[str]:
    parts, depth, cur = [], 0, []
    for ch in text:
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        if ch == sep and depth == 0:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    parts.append("".join(cur))
    return parts


def _export_names(spec_text: str) -> list[str]:
    """Names exported by the text after `export` (one logical export line):
    `f(int)`, `a, b, g(float64[:])`, `capsule h(float)`."""
    names = []
    for item in _split_top_level(spec_text):
        item = item.strip()
        if item.startswith("capsule "):
            item = item[len("capsule ") :].strip()
        m = re.match(r"[A-Za-z_]\w*", item)
        if m:
            names.append(m.group(0))
    return names


def export_texts(lines: list[str]) -> list[str]:
    """The text after `export` of each `#pythran export` / `#kiln export` line.
    An export continues on following `#` lines while its parentheses are open."""
    texts: list[str] = []
    i = 0
    while i < len(lines):
        m = _EXPORT_RE.match(lines[i].strip())
        i += 1
        if not m:
            continue
        text = m.group(1)
        while text.count("(") > text.count(")") and i < len(lines) and lines[i].lstrip().startswith("#"):
            text += " " + lines[i].lstrip()[1:]
            i += 1
        texts.append(text.strip())
    return texts


def parse_exports(lines: list[str]) -> list[str]:
    """Exported names, in order of first appearance."""
    names: list[str] = []
    for text in export_texts(lines):
        for n in _export_names(text):
            if n not in names:
                names.append(n)
    return names


def validate_program(source: str) -> ast.Module:
    """Parse a runas program; its last statement must be an expression."""
    try:
        tree = ast.parse(source, mode="exec")
    except SyntaxError as e:
        raise CaseFormatError(f"runas is not valid Python: {e.msg} in {source!r}") from None
    if not tree.body or not isinstance(tree.body[-1], ast.Expr):
        raise CaseFormatError(f"the last statement of a runas must be an expression: {source!r}")
    return tree


def parse_case(path: Path) -> Case:
    """Read one case file. See `test_cases.py`'s docstring for the conventions."""
    path = Path(path)
    lines = path.read_text().splitlines()
    runas: list[Runas] = []
    todo = None
    for k, line in enumerate(lines):
        tm = _TODO_RE.match(line.strip())
        if tm:
            if todo is not None:
                raise CaseFormatError(f"{path.name}:{k + 1}: only one `#kiln-todo:` line per file")
            todo = tm.group(1).strip()
            if not todo:
                raise CaseFormatError(f"{path.name}:{k + 1}: `#kiln-todo:` needs the missing feature")
    i = 0
    while i < len(lines):
        line = lines[i].rstrip()
        where = f"{path.name}:{i + 1}"
        if _XFAIL_RE.match(line):
            raise CaseFormatError(f"{where}: `#kiln-xfail:` must directly follow a `#runas` line")
        m = _RUNAS_RE.match(line)
        if not m:
            if line.startswith("#runas"):
                raise CaseFormatError(f"{where}: malformed runas line {line!r}")
            i += 1
            continue
        start = i
        text = (m.group(1) or "").rstrip()
        i += 1
        while text.endswith("\\"):
            if i >= len(lines) or not lines[i].lstrip().startswith("#"):
                raise CaseFormatError(f"{where}: a runas line ending in `\\` must be followed by a `#` line")
            text = text[:-1].rstrip() + " " + lines[i].strip()[1:].strip()
            i += 1
        if "kiln-xfail" in text:
            raise CaseFormatError(f"{where}: put `#kiln-xfail: <reason>` on its own line after the runas")
        reason = None
        if i < len(lines):
            xm = _XFAIL_RE.match(lines[i].strip())
            if xm:
                reason = xm.group(1).strip()
                if not reason:
                    raise CaseFormatError(f"{path.name}:{i + 1}: `#kiln-xfail:` needs a reason")
                i += 1
        validate_program(text)
        runas.append(Runas(path, start + 1, text, reason))

    side = path.with_suffix(".pythran")
    export_lines = lines + (["#pythran " + ln for ln in side.read_text().splitlines()] if side.exists() else [])
    if todo is not None and any(r.xfail for r in runas):
        raise CaseFormatError(f"{path.name}: a `#kiln-todo:` file cannot also have `#kiln-xfail:` lines")
    return Case(path, tuple(parse_exports(export_lines)), tuple(runas), tuple(export_texts(export_lines)), todo)


@functools.lru_cache(maxsize=64)
def _parse_case_cached(path: Path, stamp: tuple) -> Case:
    return parse_case(path)


def parse_case_cached(path: Path) -> Case:
    """`parse_case`, reusing the result while the file is unchanged: a case
    file with hundreds of runas lines is otherwise parsed once per runas."""
    path = Path(path).resolve()
    st = path.stat()
    side = path.with_suffix(".pythran")
    side_stamp = side.stat().st_mtime_ns if side.exists() else None
    return _parse_case_cached(path, (st.st_mtime_ns, st.st_size, side_stamp))


@functools.lru_cache(maxsize=64)
def _exports_for(export_texts: tuple[str, ...]) -> kilnspec.Exports:
    return kilnspec.Exports.from_texts(export_texts)


def case_paths() -> list[Path]:
    return sorted(CASES_DIR.glob("*.py"))


# --------------------------------------------------------------------------
# Building and importing
# --------------------------------------------------------------------------


def kiln_path(env=None) -> Path:
    """`$KILN` (a path, or a command name looked up on PATH), else the release
    build in this repository."""
    env = os.environ if env is None else env
    value = env.get("KILN")
    if not value:
        return REPO / "target" / "release" / "kiln"
    if os.sep not in value:
        found = shutil.which(value, path=env.get("PATH"))
        return Path(found) if found else Path(value)
    return Path(value).resolve()


def _file_identity(p: Path) -> list | None:
    try:
        st = p.stat()
    except OSError:
        return None
    return [str(p), st.st_size, st.st_mtime_ns]


@dataclasses.dataclass
class Build:
    """The result of compiling one source file (successful or not)."""

    source: Path
    output: Path
    cmd: list[str]
    ok: bool
    cached: bool = False
    log: str = ""  # kiln's stdout + stderr
    returncode: int | None = None
    module: types.ModuleType | None = None
    import_error: str | None = None

    @property
    def cmd_str(self) -> str:
        return shlex.join(self.cmd)

    def failure_text(self) -> str:
        if self.ok and self.import_error is None:
            return ""
        head = "kiln failed" if not self.ok else "importing the kiln module failed"
        parts = [f"{head} for {self.source.name}", f"  command: {self.cmd_str}"]
        if self.returncode is not None:
            parts.append(f"  exit status: {self.returncode}")
        if self.log.strip():
            parts.append("  kiln output:\n" + _indent(self.log.rstrip(), "    "))
        if self.import_error:
            parts.append("  import error:\n" + _indent(self.import_error, "    "))
        return "\n".join(parts)


def _indent(text: str, pad: str) -> str:
    return "\n".join(pad + ln for ln in text.splitlines())


class Builder:
    """Compiles sources with kiln into `BUILD_DIR`, each at most once per session.

    A previous session's output is reused when a stamp file records the same kiln
    command, source hash and kiln/runtime binaries (path, size, mtime); pass
    `rebuild=True` (`--kiln-rebuild`, `KILN_REBUILD=1`) to ignore the cache."""

    def __init__(self, rebuild: bool = False, workers: int = COMPILE_WORKERS, build_dir: Path = BUILD_DIR):
        self.rebuild = rebuild
        self.build_dir = Path(build_dir)
        self._pool = concurrent.futures.ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="kiln")
        self._futures: dict[Path, concurrent.futures.Future[Build]] = {}
        self._lock = threading.Lock()

    def command(self, source: Path, output: Path, env=None) -> list[str]:
        env = os.environ if env is None else env
        return [str(kiln_path(env)), str(source), "-o", str(output)] + shlex.split(env.get("KILN_FLAGS", ""))

    def output_for(self, source: Path) -> Path:
        return self.build_dir / (source.stem + EXT_SUFFIX)

    def _stamp_key(self, source: Path, cmd: list[str], env: dict[str, str]) -> dict:
        kiln = kiln_path(env)
        runtime = [kiln.parent / "libkiln_runtime.a"]
        if env.get("KILN_RUNTIME_LIB"):
            runtime.append(Path(env["KILN_RUNTIME_LIB"]))
        side = source.with_suffix(".pythran")
        return {
            "cmd": cmd,
            "source_sha256": hashlib.sha256(source.read_bytes()).hexdigest(),
            "side_sha256": hashlib.sha256(side.read_bytes()).hexdigest() if side.exists() else None,
            "kiln": _file_identity(kiln),
            "runtime": [_file_identity(p) for p in runtime],
            "ext_suffix": EXT_SUFFIX,
        }

    def _compile(self, source: Path, env: dict[str, str]) -> Build:
        output = self.output_for(source)
        stamp = output.with_name(source.stem + ".stamp.json")
        cmd = self.command(source, output, env)
        build = Build(source, output, cmd, ok=False)
        if not kiln_path(env).exists():
            build.log = f"kiln executable not found at {kiln_path(env)} (run `cargo build --release` or set $KILN)"
            return build
        key = self._stamp_key(source, cmd, env)
        if not self.rebuild and output.exists() and stamp.exists():
            try:
                if json.loads(stamp.read_text()) == key:
                    build.ok, build.cached = True, True
                    return build
            except (OSError, ValueError):
                pass
        self.build_dir.mkdir(parents=True, exist_ok=True)
        for p in (output, stamp):
            p.unlink(missing_ok=True)
        try:
            proc = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, timeout=COMPILE_TIMEOUT_S)
        except subprocess.TimeoutExpired as e:
            build.log = f"timed out after {COMPILE_TIMEOUT_S:.0f} s\n{e.stdout or ''}{e.stderr or ''}"
            return build
        except OSError as e:
            build.log = f"could not run kiln: {e}"
            return build
        build.returncode = proc.returncode
        build.log = proc.stdout + proc.stderr
        if proc.returncode != 0:
            return build
        if not output.exists():
            build.log = (build.log.rstrip() + f"\n(kiln exited 0 but wrote no {output.name})").lstrip()
            return build
        stamp.write_text(json.dumps(key, indent=1))
        build.ok = True
        return build

    def prefetch(self, sources) -> None:
        """Start compiling `sources` in the background (no-op for ones started).

        The environment is copied here, in the calling (main) thread, and passed
        explicitly: a child exec'd with the C `environ` races with pytest's main
        thread, which rewrites the environment for every test
        (PYTEST_CURRENT_TEST), and execve then fails with EFAULT."""
        env = dict(os.environ)
        with self._lock:
            for s in sources:
                s = Path(s).resolve()
                if s not in self._futures:
                    self._futures[s] = self._pool.submit(self._compile, s, env)

    def get(self, source: Path) -> Build:
        """The build of `source`, compiled and imported (waits if still running).
        Never raises for kiln or import failures: check `Build.failure_text()`."""
        source = Path(source).resolve()
        self.prefetch([source])
        build = self._futures[source].result()
        if build.ok and build.module is None and build.import_error is None:
            try:
                build.module = import_extension(source.stem, build.output)
            except Exception as e:  # an ImportError, or anything PyInit_ raised
                build.import_error = f"{type(e).__name__}: {e}"
        return build

    def shutdown(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


_BUILDER: Builder | None = None


def configure(rebuild: bool = False) -> Builder:
    global _BUILDER
    if _BUILDER is not None:
        _BUILDER.shutdown()
    _BUILDER = Builder(rebuild=rebuild)
    return _BUILDER


def builder() -> Builder:
    return _BUILDER if _BUILDER is not None else configure(rebuild=env_flag("KILN_REBUILD"))


def import_extension(name: str, so_path: Path) -> types.ModuleType:
    """Import a compiled module from its file; the loader calls `PyInit_<name>`."""
    spec = importlib.util.spec_from_file_location(name, so_path)
    if spec is None or not isinstance(spec.loader, importlib.machinery.ExtensionFileLoader):
        raise ImportError(f"{so_path} is not an extension module file (suffix {EXT_SUFFIX!r})")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_PY_MODULES: dict[tuple[Path, str], types.ModuleType] = {}


def import_python(path: Path, name: str) -> types.ModuleType:
    """Import a case file as plain Python under `name` (cached per session)."""
    key = (Path(path).resolve(), name)
    if key not in _PY_MODULES:
        spec = importlib.util.spec_from_file_location(name, key[0])
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        _PY_MODULES[key] = module
    return _PY_MODULES[key]


# --------------------------------------------------------------------------
# Running a runas program
# --------------------------------------------------------------------------


@dataclasses.dataclass
class Outcome:
    """What one run of a runas program did."""

    value: Any = None
    exc: BaseException | None = None
    variables: dict[str, Any] = dataclasses.field(default_factory=dict)

    def describe(self, limit: int = 400) -> str:
        if self.exc is not None:
            return f"raised {type(self.exc).__name__}: {self.exc}"
        return f"returned {type_name(self.value)} {_short(self.value, limit)}"


def run_program(source: str, bindings: dict[str, Any], filename: str = "<runas>") -> Outcome:
    """Execute `source` (statements, the last one an expression) in a fresh
    namespace holding `bindings`. Any `Exception` raised anywhere, setup included,
    is captured. `variables` are the names the program bound (or rebound)."""
    tree = validate_program(source)
    setup = compile(ast.Module(body=tree.body[:-1], type_ignores=[]), filename, "exec")
    final = compile(ast.Expression(body=tree.body[-1].value), filename, "eval")
    ns: dict[str, Any] = {"__builtins__": builtins, "__name__": "__kiln_runas__"}
    ns.update(bindings)
    initial = dict(ns)
    out = Outcome()
    # Warnings (NumPy's overflow RuntimeWarning, ...) are not part of the
    # comparison; silence them so a global `-W error` cannot turn them into
    # exceptions on the CPython side only.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            exec(setup, ns)
            out.value = eval(final, ns)
        except Exception as e:  # noqa: BLE001 - the exception is the result
            out.exc = e
    # `__warningregistry__` appears when a warning is issued (even an ignored
    # one) from the runas code itself: bookkeeping, not a variable.
    out.variables = {
        k: v
        for k, v in ns.items()
        if k not in ("__builtins__", "__warningregistry__") and (k not in initial or v is not initial[k])
    }
    return out


def spec_checked(bindings: dict[str, Any], case: Case, bad_calls: list[str]) -> dict[str, Any]:
    """Wrap the exported functions so that every call whose arguments match
    none of the case's export specs is recorded in `bad_calls` (see kilnspec)."""
    exports = _exports_for(tuple(case.export_texts))

    def wrap(name, f):
        @functools.wraps(f)
        def checked(*args, **kwargs):
            problem = exports.describe_mismatch(name, args, kwargs)
            if problem:
                bad_calls.append(problem)
            return f(*args, **kwargs)

        return checked

    return {n: wrap(n, f) if n in exports.signatures and callable(f) else f for n, f in bindings.items()}


def bindings_for(module: types.ModuleType, names) -> dict[str, Any]:
    missing = [n for n in names if not hasattr(module, n)]
    if missing:
        raise KilnBuildError(f"module {module.__name__} has no attribute(s) {', '.join(missing)}")
    return {n: getattr(module, n) for n in names}


# --------------------------------------------------------------------------
# Comparison
# --------------------------------------------------------------------------


def type_name(x: Any) -> str:
    t = type(x)
    if t.__module__ in ("builtins", None):
        return t.__qualname__
    return f"{t.__module__}.{t.__qualname__}"


def _short(x: Any, limit: int = 200) -> str:
    try:
        with np.printoptions(threshold=20, edgeitems=3):
            r = repr(x)
    except Exception as e:  # noqa: BLE001
        r = f"<repr failed: {e}>"
    return r if len(r) <= limit else r[: limit - 3] + "..."


_INT_FOR_FLOAT = {2: np.int16, 4: np.int32, 8: np.int64}


def _ordered_ints(x: np.ndarray) -> np.ndarray:
    """Map floats to int64 so that adjacent floats differ by 1 and +0/-0 both
    map to 0 (the usual ULP-distance trick)."""
    it = _INT_FOR_FLOAT[x.dtype.itemsize]
    bits = x.view(it).astype(np.int64)
    mask = np.int64((1 << (8 * x.dtype.itemsize - 1)) - 1)
    return np.where(bits < 0, -(bits & mask), bits)


def ulp_distance(a, b) -> np.ndarray:
    """Distance in ULP between same-dtype float arrays (capped at 2**61)."""
    ma, mb = _ordered_ints(np.asarray(a)), _ordered_ints(np.asarray(b))
    cap = np.int64(1 << 61)
    same_side = (ma >= 0) == (mb >= 0)
    with np.errstate(over="ignore"):
        near = np.minimum(np.abs(ma - mb), cap)
    across = np.minimum(np.abs(ma), cap) + np.minimum(np.abs(mb), cap)
    return np.where(same_side, near, np.minimum(across, cap))


def _ulps_text(d) -> str:
    d = int(d)
    return f"{d} ULP" if d < (1 << 61) else "more than 2**61 ULP"


def _float_array_mismatch(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Boolean mask of elements that differ: not both NaN, and either unequal
    beyond MAX_ULP (exact for infinities) or zeros of opposite sign."""
    both_nan = np.isnan(a) & np.isnan(b)
    equal = a == b
    zero_sign = equal & (a == 0) & (np.signbit(a) != np.signbit(b))
    finite = np.isfinite(a) & np.isfinite(b)
    if a.dtype.itemsize in _INT_FOR_FLOAT:
        close = finite & (ulp_distance(a, b) <= MAX_ULP)
    else:  # longdouble: no ULP tolerance
        close = np.zeros(a.shape, dtype=bool)
    return ~both_nan & ((~equal & ~close) | zero_sign)


def _float_scalar_diff(x, y, path: str, out: list[str]) -> None:
    dt = np.float64 if isinstance(x, float) and not isinstance(x, np.floating) else type(x)
    xa, ya = np.array([x], dtype=dt), np.array([y], dtype=dt)
    if _float_array_mismatch(xa, ya)[0]:
        extra = ""
        if np.isfinite(xa[0]) and np.isfinite(ya[0]) and xa.dtype.itemsize in _INT_FOR_FLOAT:
            extra = f" ({_ulps_text(ulp_distance(xa, ya)[0])})"
        out.append(f"{path}: {x!r} != {y!r}{extra}")


def _array_diff(a: np.ndarray, b: np.ndarray, path: str, out: list[str]) -> None:
    if a.dtype != b.dtype:
        out.append(f"{path}: dtype {a.dtype} != {b.dtype}")
        return
    if a.shape != b.shape:
        out.append(f"{path}: shape {a.shape} != {b.shape}")
        return
    kind = a.dtype.kind
    if kind == "f":
        bad = _float_array_mismatch(a, b)
    elif kind == "c":
        bad = _float_array_mismatch(a.real, b.real) | _float_array_mismatch(a.imag, b.imag)
    elif kind in "biu":
        bad = a != b
    elif kind == "O":
        for idx in np.ndindex(a.shape):
            _diff(a[idx], b[idx], f"{path}[{', '.join(map(str, idx))}]", out)
        return
    else:
        if not np.array_equal(a, b):
            out.append(f"{path}: arrays differ:\n  {_short(a)}\n  {_short(b)}")
        return
    nbad = int(np.count_nonzero(bad))
    if nbad:
        idxs = np.argwhere(bad)[:5]
        shown = ", ".join(f"[{', '.join(map(str, i))}]: {a[tuple(i)]!r} vs {b[tuple(i)]!r}" for i in idxs)
        extra = ""
        if kind == "f" and a.dtype.itemsize in _INT_FOR_FLOAT:
            fin = bad & np.isfinite(a) & np.isfinite(b)
            if fin.any():
                extra = f"; max {_ulps_text(ulp_distance(a[fin], b[fin]).max())}"
        out.append(f"{path}: {nbad} of {a.size} elements differ{extra}; first: {shown}")


def _diff(a: Any, b: Any, path: str, out: list[str]) -> None:
    if type(a) is not type(b):
        out.append(f"{path}: type {type_name(a)} != {type_name(b)} ({_short(a, 80)} vs {_short(b, 80)})")
        return
    if isinstance(a, np.ndarray):
        _array_diff(a, b, path, out)
    elif isinstance(a, (float, np.floating)):
        _float_scalar_diff(a, b, path, out)
    elif isinstance(a, (complex, np.complexfloating)):
        _float_scalar_diff(a.real, b.real, path + ".real", out)
        _float_scalar_diff(a.imag, b.imag, path + ".imag", out)
    elif isinstance(a, (bool, int, np.integer, np.bool_, str, bytes)) or a is None:
        if a != b:
            out.append(f"{path}: {a!r} != {b!r}")
    elif isinstance(a, (tuple, list)):
        if len(a) != len(b):
            out.append(f"{path}: length {len(a)} != {len(b)} ({_short(a, 80)} vs {_short(b, 80)})")
            return
        for i, (x, y) in enumerate(zip(a, b)):
            _diff(x, y, f"{path}[{i}]", out)
    elif isinstance(a, dict):
        if list(a) != list(b):
            out.append(f"{path}: keys {_short(list(a), 80)} != {_short(list(b), 80)}")
            return
        for k in a:
            _diff(a[k], b[k], f"{path}[{k!r}]", out)
    elif isinstance(a, (set, frozenset)):
        if a != b:
            out.append(f"{path}: {_short(a, 80)} != {_short(b, 80)}")
    elif isinstance(a, (types.ModuleType, types.FunctionType, types.BuiltinFunctionType, type)):
        if a is not b:
            out.append(f"{path}: {a!r} is not {b!r}")
    else:
        try:
            same = bool(a == b)
        except Exception as e:  # noqa: BLE001
            out.append(f"{path}: cannot compare {type_name(a)} values: {e}")
            return
        if not same:
            out.append(f"{path}: {_short(a, 80)} != {_short(b, 80)}")


def diff_values(expected: Any, actual: Any, path: str = "result") -> list[str]:
    """Differences between two values by the suite's rules (empty: equal).

    - types must be identical (`type(a) is type(b)`): int/bool/float/np.int64
      are all different;
    - floats (and NumPy float scalars/arrays, complex parts): equal, both NaN,
      or within MAX_ULP ULP; infinities exactly; +0.0 and -0.0 differ;
    - ints, bools, strings: exact; arrays: same dtype, shape, then elements;
    - tuples/lists: same length, elementwise; dicts: same keys in the same
      order, then values; sets: equal."""
    out: list[str] = []
    _diff(expected, actual, path, out)
    return out


def diff_outcomes(expected: Outcome, actual: Outcome) -> list[str]:
    """Differences between CPython's outcome (`expected`) and kiln's."""
    out: list[str] = []
    e, a = expected.exc, actual.exc
    if e is None and a is None:
        _diff(expected.value, actual.value, "result", out)
    elif e is not None and a is None:
        out.append(f"CPython raised {type(e).__name__}: {e}; kiln returned {_short(actual.value, 120)}")
    elif e is None and a is not None:
        out.append(f"kiln raised {type(a).__name__}: {a}; CPython returned {_short(expected.value, 120)}")
    else:
        if type(e) is not type(a):
            out.append(f"exception type {type_name(e)} != {type_name(a)} ({e} / {a})")
        elif str(e) != str(a):
            out.append(f"exception message {str(e)!r} != {str(a)!r}")
    ke, ka = set(expected.variables), set(actual.variables)
    if ke != ka:
        out.append(f"variables bound: {sorted(ke)} != {sorted(ka)}")
    for k in sorted(ke & ka):
        _diff(expected.variables[k], actual.variables[k], f"variable {k!r} after the call", out)
    return out


# --------------------------------------------------------------------------
# Checking one runas (used by test_cases.py)
# --------------------------------------------------------------------------


_MAXULP_RE = re.compile(r"^#\s*kiln-maxulp:\s*(\d+)\s*$", re.M)


def case_max_ulp(path) -> int:
    """The ULP tolerance of a case file: `#kiln-maxulp: N` for composite
    expressions of transcendental functions, where libm, libmvec and NumPy's
    own SIMD implementations each stay within a few ULP of the exact result
    but their errors add up through the formula; else MAX_ULP."""
    m = _MAXULP_RE.search(Path(path).read_text())
    return int(m.group(1)) if m else MAX_ULP


def diff_outcomes_with_tolerance(expected, actual, max_ulp: int):
    """`diff_outcomes` with the float tolerance set to `max_ulp`."""
    global MAX_ULP
    saved = MAX_ULP
    MAX_ULP = max_ulp
    try:
        return diff_outcomes(expected, actual)
    finally:
        MAX_ULP = saved


def check_runas(r: Runas) -> None:
    """Run `r` under CPython and under kiln (or a second CPython import in
    CPython-only mode) and raise KilnMismatch if they disagree."""
    __tracebackhide__ = True
    import pytest  # only needed when called from a test

    case = parse_case_cached(r.case_path)
    stem = case.stem
    try:
        ref_mod = import_python(case.path, stem + "__py")
    except Exception as e:  # noqa: BLE001
        pytest.fail(f"importing {case.path.name} as plain Python failed: {type(e).__name__}: {e}", pytrace=False)
    filename = f"<runas {r.id}>"
    bad_calls: list[str] = []
    ref_bindings = spec_checked(bindings_for(ref_mod, case.exports), case, bad_calls)
    expected = run_program(r.source, ref_bindings, filename)
    if bad_calls:
        pytest.fail(
            f"{r.id}: case-file bug: kiln would reject this call with a TypeError\n  runas: {r.source}\n  "
            + "\n  ".join(dict.fromkeys(bad_calls)),
            pytrace=False,
        )

    build = None
    if cpython_only():
        kiln_mod = import_python(case.path, stem + "__py2")
    else:
        build = builder().get(case.path)
        if build.failure_text():
            if case.todo is not None and not build.ok and UNSUPPORTED_RE.search(build.log):
                raise KilnUnsupported(f"{r.id}: kiln does not support {case.todo} yet\n" + build.failure_text())
            pytest.fail(build.failure_text(), pytrace=False)
        kiln_mod = build.module
    try:
        kiln_bindings = bindings_for(kiln_mod, case.exports)
    except KilnBuildError as e:
        pytest.fail(f"{r.id}: {e} (kiln command: {build.cmd_str if build else '-'})", pytrace=False)
    actual = run_program(r.source, kiln_bindings, filename)
    problems = diff_outcomes_with_tolerance(expected, actual, case_max_ulp(case.path))
    if problems:
        side = "CPython (2nd import)" if cpython_only() else "kiln"
        lines = [f"{r.id}: CPython and {side} disagree", f"  runas: {r.source}"]
        lines += ["  " + p for p in problems]
        lines.append(f"  CPython: {expected.describe()}")
        lines.append(f"  {side}: {actual.describe()}")
        if build is not None:
            if build.log.strip():
                lines.append("  kiln output:\n" + _indent(build.log.rstrip(), "    "))
            lines.append(f"  kiln command: {build.cmd_str}")
            lines.append(
                "  reproduce: cd "
                + shlex.quote(str(build.output.parent))
                + f" && {shlex.quote(sys.executable)} -c "
                + shlex.quote(f"from {stem} import {', '.join(case.exports) or '*'}; " + _as_printing(r.source))
            )
        raise KilnMismatch("\n".join(lines))


def _as_printing(source: str) -> str:
    """`a = 1; f(a)` -> `a = 1; print(repr(f(a)))`, for the reproduce hint."""
    tree = validate_program(source)
    tail = ast.get_source_segment(source, tree.body[-1]) or ast.unparse(tree.body[-1])
    head = source[: tree.body[-1].col_offset].rstrip().rstrip(";")
    return (head + "; " if head.strip() else "") + f"print(repr({tail}))"


def _main(argv: list[str]) -> int:
    """`python tests/kilntest.py [case.py ...]`: print each runas outcome under
    CPython only (a quick look at what a case computes)."""
    paths = [Path(p) for p in argv] or case_paths()
    for p in paths:
        case = parse_case(p)
        mod = import_python(case.path, case.stem + "__py")
        for r in case.runas:
            o = run_program(r.source, bindings_for(mod, case.exports), f"<runas {r.id}>")
            print(f"{r.id}: {o.describe(160)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(_main(sys.argv[1:]))
