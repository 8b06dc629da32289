#!/usr/bin/env python3
"""Generates kiln's differential test cases for NumPy ufuncs and reductions
from the operation table (`compiler/src/optable.rs`).

    .venv/bin/python tests/gen_numpy_cases.py          # (re)write the files
    .venv/bin/python tests/gen_numpy_cases.py --check  # exit 1 if any is stale

For every ufunc entry of the table (`ufunc`, `ufunc_f`, `ufunc_f_scalar`,
`op_ufunc`) it writes `tests/cases/gen_ufunc_<name>.py`, and for every
reduction or cumulative scan (`np("numpy.<name>" / "ndarray.<name>",
NpFn::Reduce/Scan(..))`) `tests/cases/gen_reduce_<name>.py`. Each file is an
ordinary case file (`#pythran export` + `#runas`), run by `test_cases.py`.

What is covered, for each dtype of `DTYPES` that NumPy accepts for the
operation (complex64 and complex128 included):
- ufuncs: 0-d inputs (Python scalars, and NumPy scalars of the sized dtypes;
  kiln's export specs have no 0-d arrays), 1-d contiguous, 1-d strided with
  positive and negative steps, 2-d C and Fortran order, 3-d contiguous and
  strided, empty arrays; values with NaN, infinities, -0.0, large and negative
  integers. Binary ufuncs also: array with Python scalar on either side, int
  arrays with a float scalar, 2-d with 1-d and 3-d with size-1 dimension
  broadcasting, mixed dtypes, and the shape-mismatch ValueError. Operator
  ufuncs (`np.add` is `+`) are tested in both spellings.
- reductions: `axis=None`, `axis=0`, `axis=-1`, `axis=(0, 2)`, `keepdims=True`
  (with and without an axis), `ddof=1` where NumPy takes it, the method form
  (`a.sum()`, `a.sum(0)`, ...) where the table has one, on the layouts above,
  long inputs (pairwise summation) and empty inputs (including the ones where
  NumPy raises, e.g. the max of an empty array).

How the expected behaviour is known: the generator runs every call under
NumPy while generating. A call NumPy rejects with a TypeError (bitwise ops on
floats, `-` on booleans, ...) is left out. A call that raises anything else
gets a `#runas` of its own (the error must match). Calls whose NumPy result
holds a float16 are marked `#kiln-xfail` (kiln has no float16, see
docs/LANGUAGE.md). All other calls of one operation, dtype and input kind
share one `#runas` (a tuple of results), which keeps the number of runas
lines and compiled modules small.

Known problems are routed by `ROUTES` (below): a matching call moves, with
its export specs, into `np_bug_gen_<short>.py` (a kiln bug: these fail until
it is fixed) or `np_todo_gen_<feature>.py` (kiln says "not supported yet";
the file carries `#kiln-todo:`, so its runas are strict xfails), or is
marked `#kiln-xfail` (a documented divergence). Delete a route once kiln is
fixed and regenerate.

`tests/test_generated_up_to_date.py` fails when the files on disk differ from
what this script writes, so edit the script, not the generated files.
"""

from __future__ import annotations

import argparse
import dataclasses
import math
import re
import sys
import warnings
from pathlib import Path

import numpy as np

TESTS_DIR = Path(__file__).resolve().parent
REPO = TESTS_DIR.parent
CASES_DIR = TESTS_DIR / "cases"
OPTABLE = REPO / "compiler" / "src" / "optable.rs"
REGEN_CMD = ".venv/bin/python tests/gen_numpy_cases.py"

#: Files this script owns in tests/cases/ (stale ones are deleted / reported).
OWNED_GLOBS = ("gen_ufunc_*.py", "gen_reduce_*.py", "np_bug_gen_*.py", "np_todo_gen_*.py")

#: The dtypes every operation is tried on.
DTYPES = ("bool", "int8", "int32", "int64", "uint8", "float32", "float64", "complex64", "complex128")

#: Sized dtypes whose 0-d inputs are NumPy scalars (the `int8` spec takes an
#: `np.int8`). bool, int64 and float64 0-d inputs are Python scalars (the
#: `bool`, `int`, `float` specs).
NP_SCALAR_DTYPES = ("int8", "int32", "uint8", "float32", "complex64")
PY_SCALAR_SPEC = {"bool": "bool", "int64": "int", "float64": "float", "complex128": "complex"}

#: Pairs of different dtypes for binary operations (1-d, both arrays).
MIXED_PAIRS = (
    ("int8", "int32"),
    ("uint8", "int8"),
    ("bool", "int8"),
    ("int64", "uint8"),
    ("int32", "float32"),
    ("int64", "float64"),
    ("float32", "float64"),
    ("uint8", "float32"),
    ("float32", "complex64"),
    ("float64", "complex64"),
    ("int64", "complex64"),
    ("complex64", "complex128"),
)

INF, NAN = math.inf, math.nan

#: First, second and third operand values per dtype (16 each: a 1-d array,
#: then `np.resize` to (3, 4) and (2, 3, 4)).
VALUES = {
    "float64": (
        [0.0, -0.0, 0.5, -0.75, 1.0, -2.5, 3.0, 7.25, 1e300, -1e-300, INF, -INF, NAN, 100.0, -3.0, 0.1],
        [1.0, 2.0, -0.0, 0.0, -3.0, INF, NAN, 0.5, -1e300, 4.0, 2.5, -INF, 0.25, 7.0, -2.0, 3.0],
        [2.0, -1.0, 0.5, NAN, 1.5, -INF, 0.0, 9.0, 1.0, -0.5, INF, 3.0, -2.0, 6.0, 0.75, -8.0],
    ),
    "int8": (
        [0, 1, -1, 2, -3, 5, 127, -128, 100, -100, 7, 11, 64, -64, 3, 9],
        [1, 2, 0, -1, 3, -2, 7, 8, 1, -128, 127, 5, 0, 9, -7, 2],
        [2, -1, 5, 0, 1, 3, -128, 127, 4, 6, -5, 8, 1, 0, 2, -3],
    ),
    "int32": (
        [0, 1, -1, 2, -3, 5, 2147483647, -2147483648, 100000, -100000, 7, 11, 65536, -65536, 3, 9],
        [1, 2, 0, -1, 3, -2, 31, 32, 1, -2147483648, 2147483647, 5, 0, 33, -7, 2],
        [2, -1, 5, 0, 1, 3, -2147483648, 2147483647, 4, 6, -5, 8, 1, 0, 2, -3],
    ),
    "int64": (
        [0, 1, -1, 2, -3, 5, 2**63 - 1, -(2**63), 10**12, -(10**12), 7, 11, 2**32, -(2**32), 3, 9],
        [1, 2, 0, -1, 3, -2, 63, 64, 1, -(2**63), 2**63 - 1, 5, 0, 65, -7, 2],
        [2, -1, 5, 0, 1, 3, -(2**63), 2**63 - 1, 4, 6, -5, 8, 1, 0, 2, -3],
    ),
    "uint8": (
        [0, 1, 2, 3, 5, 7, 255, 128, 100, 200, 11, 64, 127, 254, 9, 4],
        [1, 2, 0, 3, 7, 8, 9, 255, 1, 128, 5, 0, 2, 3, 4, 6],
        [2, 1, 5, 0, 1, 3, 128, 255, 4, 6, 5, 8, 1, 0, 2, 3],
    ),
    "bool": (
        [True, False, True, True, False, False, True, False, True, True, True, False, False, True, False, True],
        [True, True, False, True, False, True, False, False, True, False, True, True, False, False, True, True],
        [False, True, True, False, True, False, False, True, True, True, False, False, True, False, True, False],
    ),
}
VALUES["float32"] = (
    [0.0, -0.0, 0.5, -0.75, 1.0, -2.5, 3.0, 7.25, 1e30, -1e-30, INF, -INF, NAN, 100.0, -3.0, 0.1],
    [1.0, 2.0, -0.0, 0.0, -3.0, INF, NAN, 0.5, -3e38, 4.0, 2.5, -INF, 0.25, 7.0, -2.0, 3.0],
    VALUES["float64"][2],
)

C = complex
VALUES["complex128"] = (
    [C(0, 0), C(-0.0, 1), C(0.5, -0.75), C(-2.5, 3), C(1, 0), C(7.25, -1e-300), C(1e300, 1), C(INF, 0),
     C(0, -INF), C(NAN, 1), C(1, NAN), C(100, -3), C(-3, 0.1), C(INF, INF), C(-1, 0), C(0.1, 2)],
    [C(1, 2), C(2, -0.0), C(-0.0, 0), C(-3, 1), C(INF, 1), C(NAN, 0), C(0.5, 0.5), C(-1e300, 0),
     C(4, -4), C(2.5, 1e-3), C(-INF, 0), C(0.25, -7), C(7, 0), C(-2, -2), C(3, 0), C(0, 1)],
    [C(2, -1), C(-1, 0), C(0.5, 2), C(NAN, NAN), C(1.5, 0), C(-INF, 1), C(0, 0), C(9, -9),
     C(1, 1), C(-0.5, 0.5), C(INF, -1), C(3, 0), C(-2, 0), C(6, 1), C(0.75, -0.25), C(-8, 8)],
)
VALUES["complex64"] = tuple([C(1e30, z.imag) if z.real == 1e300 else C(-3e38, 0) if z.real == -1e300 else z for z in vs]
                            for vs in VALUES["complex128"])

#: Python scalars paired with arrays (array op scalar), per array dtype kind;
#: for int arrays some are out of range for the small dtypes (NumPy raises).
PY_SCALARS = {"b": ["True"], "i": ["3", "-2", "300"], "u": ["3", "-2", "300"], "f": ["2.5", "-0.0", "np.nan"],
              "c": ["1j", "(2.5-1j)", "complex(np.nan, 1.0)"]}

#: Value domain used to build "long" inputs (1000 elements): NumPy's pairwise
#: summation only differs from a plain loop for more than 8 elements.
LONG_1D = "(np.sin(np.arange(1000.0)) * 1000).astype(np.{dt})"
LONG_3D = "(np.cos(np.arange(1000.0)) * 100).astype(np.{dt}).reshape(4, 5, 50)"

#: How many dtypes keep a call that raises the same error (see `render`).
MAX_DTYPES_PER_ERROR = 2

FLOAT16_REASON = (
    "NumPy gives float16 for bool/int8/uint8 inputs; kiln has no float16 and gives float32 (docs/LANGUAGE.md)"
)


@dataclasses.dataclass(frozen=True)
class Route:
    """Where calls matching `match` go: "bug:<short>", "todo:<feature>" or
    "xfail:<reason>". `match` maps tag names (op, dtype, kind, form) to a
    value or a tuple of values; a key missing from a call's tags never matches."""

    dest: str
    match: dict
    why: str = ""


#: Known problems (see the module docstring). Keep each one small and say why.
SMALL_INTS = ("bool", "int8", "uint8")

_NO_COMPLEX_LOOP = ("clip",)
_COMPLEX_WHY = "kiln's np.clip has no complex form yet (NumPy clips complex values lexicographically)"
ROUTES: list[Route] = [
    Route("todo:complex_clip", {"op": _NO_COMPLEX_LOOP, "dtype": ("complex64", "complex128")}, _COMPLEX_WHY),
    Route("todo:complex_clip", {"op": _NO_COMPLEX_LOOP, "value": ("1j", "(2.5-1j)", "complex(np.nan, 1.0)")}, _COMPLEX_WHY),
    Route("todo:complex_clip", {"op": _NO_COMPLEX_LOOP, "dtype": ("float32+complex64", "float64+complex64", "int64+complex64",
                                                                     "complex64+complex128")}, _COMPLEX_WHY),
]


# --------------------------------------------------------------------------
# Reading the operation table
# --------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Entry:
    ctor: str  # `ufunc`, `np`, ...
    name: str  # `numpy.sqrt`
    args: tuple[str, ...]  # the constructor's other arguments, as text


def _strip_comments(text: str) -> str:
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            out.append(text[i : j + 1])
            i = j + 1
        elif text.startswith("//", i):
            while i < n and text[i] != "\n":
                i += 1
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            i = n if j < 0 else j + 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def _split_top(text: str) -> list[str]:
    parts, depth, cur, in_str = [], 0, [], False
    for c in text:
        if c == '"':
            in_str = not in_str
        elif not in_str:
            if c in "([{":
                depth += 1
            elif c in ")]}":
                depth -= 1
            elif c == "," and depth == 0:
                parts.append("".join(cur).strip())
                cur = []
                continue
        cur.append(c)
    if "".join(cur).strip():
        parts.append("".join(cur).strip())
    return parts


def parse_table(text: str) -> list[Entry]:
    """The entries of `pub static TABLE: &[OpDef] = &[ ... ];`."""
    text = _strip_comments(text)
    m = re.search(r"static\s+TABLE\s*:[^=]*=\s*&\s*\[", text)
    if not m:
        raise SystemExit(f"{OPTABLE}: no `static TABLE: ... = &[` found")
    i, depth = m.end(), 1
    start = i
    while depth:
        if i >= len(text):
            raise SystemExit(f"{OPTABLE}: unbalanced brackets in TABLE")
        depth += {"[": 1, "]": -1}.get(text[i], 0)
        i += 1
    entries = []
    for item in _split_top(text[start : i - 1]):
        im = re.fullmatch(r"(\w+)\s*\((.*)\)", item, re.S)
        if not im:
            raise SystemExit(f"{OPTABLE}: cannot read table entry {item!r}")
        args = _split_top(im.group(2))
        nm = re.fullmatch(r'"([\w.]+)"', args[0]) if args else None
        if not nm:
            continue  # an entry built some other way: not one of ours
        entries.append(Entry(im.group(1), nm.group(1), tuple(" ".join(a.split()) for a in args[1:])))
    return entries


BINARY_OPERATORS = {
    "Add": "+", "Sub": "-", "Mul": "*", "Div": "/", "FloorDiv": "//", "Mod": "%", "Pow": "**",
    "BitAnd": "&", "BitOr": "|", "BitXor": "^", "Shl": "<<", "Shr": ">>",
}
UNARY_OPERATORS = {"Neg": "-", "Pos": "+", "Invert": "~"}
COMPARE_OPERATORS = {"Gt": ">", "Ge": ">=", "Lt": "<", "Le": "<=", "Eq": "==", "Ne": "!="}


@dataclasses.dataclass(frozen=True)
class Ufunc:
    name: str  # without `numpy.`
    arity: int
    lowering: str  # the table's text, for the header
    operator: str | None  # `+` for np.add (binary), `-` for np.negative (unary)


@dataclasses.dataclass
class Reduction:
    name: str
    kind: str  # "Reduce" or "Scan"
    lowering: str
    function: bool = False  # numpy.<name> is in the table
    method: bool = False  # ndarray.<name> is in the table


def operations(entries: list[Entry]) -> tuple[list[Ufunc], list[Reduction]]:
    ufuncs: list[Ufunc] = []
    reductions: dict[str, Reduction] = {}
    for e in entries:
        if e.ctor in ("ufunc", "ufunc_f", "ufunc_f_scalar"):
            if not e.name.startswith("numpy."):
                raise SystemExit(f"unexpected ufunc entry {e.name}")
            ufuncs.append(Ufunc(e.name[6:], int(e.args[0]), f"{e.ctor}({', '.join(e.args)})", None))
        elif e.ctor == "op_ufunc":
            low = e.args[0]
            m = re.fullmatch(r"Lower::(\w+)(?:\((\w+)::(\w+)\))?", low)
            if not m:
                raise SystemExit(f"{e.name}: cannot read the lowering {low!r}; update gen_numpy_cases.py")
            kind, _, op = m.groups()
            if kind == "UfuncBinary":
                arity, sym = 2, BINARY_OPERATORS.get(op)
            elif kind == "UfuncUnary":
                arity, sym = 1, UNARY_OPERATORS.get(op)
            elif kind == "UfuncCompare":
                arity, sym = 2, COMPARE_OPERATORS.get(op)
            elif kind in ("Where", "Clip"):
                arity, sym = 3, None
            else:
                raise SystemExit(f"{e.name}: unknown ufunc lowering {low!r}; update gen_numpy_cases.py")
            ufuncs.append(Ufunc(e.name[6:], arity, low, sym))
        elif e.ctor == "np" and e.args and re.match(r"NpFn::(Reduce|Scan)\(", e.args[0]):
            mod, _, short = e.name.partition(".")
            kind = e.args[0][6:].split("(")[0]
            r = reductions.setdefault(short, Reduction(short, kind, e.args[0]))
            if mod == "numpy":
                r.function = True
            elif mod == "ndarray":
                r.method = True
    return ufuncs, list(reductions.values())


# --------------------------------------------------------------------------
# Calls and their grouping into runas lines
# --------------------------------------------------------------------------


def lit(v) -> str:
    if isinstance(v, bool):
        return repr(v)
    if isinstance(v, complex):
        return f"complex({lit(v.real)}, {lit(v.imag)})"
    if isinstance(v, float):
        if math.isnan(v):
            return "np.nan"
        if math.isinf(v):
            return "np.inf" if v > 0 else "-np.inf"
    return repr(v)


def arr_lit(vals, dt: str) -> str:
    return f"np.array([{', '.join(lit(v) for v in vals)}], dtype=np.{dt})"


def py_scalar_lit(v, dt: str) -> str:
    """A 0-d input of dtype `dt`: a Python scalar or a NumPy scalar."""
    if dt in NP_SCALAR_DTYPES:
        return f"np.{dt}({lit(v)})"
    if dt == "float64":
        return lit(float(v))
    if dt == "complex128":
        return lit(complex(v))
    return lit(v)


@dataclasses.dataclass
class Call:
    """One call of an exported function, with the export specs it needs."""

    tags: dict  # op, dtype, kind (and form for reductions)
    specs: list  # [(function name, "spec text")]
    setup: list  # statements defining the inputs
    expr: str
    group: str  # calls of one group share a runas


@dataclasses.dataclass
class Module:
    stem: str
    doc: str
    functions: dict = dataclasses.field(default_factory=dict)  # name -> source
    calls: list = dataclasses.field(default_factory=list)
    todo: str | None = None


def route_of(tags: dict) -> Route | None:
    for r in ROUTES:
        if all(k in tags and (tags[k] in v if isinstance(v, tuple) else tags[k] == v) for k, v in r.match.items()):
            return r
    return None


def _wrap(text: str, width: int = 100) -> list[str]:
    """Splits a runas program after `, ` / `; ` so that each line stays short;
    the harness joins continuation lines with a space."""
    pieces = re.split(r"(?<=[,;]) ", text)
    lines, cur = [], ""
    for p in pieces:
        if cur and len(cur) + 1 + len(p) > width:
            lines.append(cur)
            cur = p
        else:
            cur = f"{cur} {p}" if cur else p
    lines.append(cur)
    return lines


def runas_lines(setup: list[str], exprs: list[str], xfail: str | None) -> list[str]:
    stmts = ["import numpy as np"] + list(dict.fromkeys(setup))
    text = "; ".join(stmts + [", ".join(exprs)])
    wrapped = _wrap(text)
    out = ["#runas " + wrapped[0] + (" \\" if len(wrapped) > 1 else "")]
    for k, ln in enumerate(wrapped[1:], 1):
        out.append("#    " + ln + (" \\" if k < len(wrapped) - 1 else ""))
    if xfail:
        out.append(f"#kiln-xfail: {xfail}")
    return out


class Evaluator:
    """Runs calls under NumPy, with the module's functions as plain Python."""

    def __init__(self, functions: dict):
        self.ns = {"np": np}
        exec("\n\n".join(functions.values()), self.ns)

    def run(self, setup: list[str], expr: str):
        ns = dict(self.ns)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with np.errstate(all="ignore"):
                exec("; ".join(["import numpy as np"] + setup), ns)
                return eval(expr, ns)


def _has_float16(v) -> bool:
    if isinstance(v, tuple):
        return any(_has_float16(x) for x in v)
    return isinstance(v, (np.ndarray, np.generic)) and v.dtype == np.float16


def render(mod: Module, skipped: list[str]) -> dict[str, str]:
    """The text of `mod` and of the bug/todo files its routed calls go to,
    by file stem. Calls NumPy rejects with a TypeError are dropped (and listed
    in `skipped`)."""
    ev = Evaluator(mod.functions)
    dests: dict[str, list] = {}  # stem -> [(call, xfail, solo)]
    raised_seen: dict = {}
    for c in mod.calls:
        try:
            value = ev.run(c.setup, c.expr)
            raised = None
        except TypeError as e:
            skipped.append(f"{mod.stem}: {c.expr} ({' '.join(str(e).split())[:70]})")
            continue
        except Exception as e:  # noqa: BLE001 - the error is part of the test
            value, raised = None, e
            # A call that raises needs a runas of its own; the same call and
            # error on more dtypes adds little, so keep it for two dtypes.
            key = (c.expr, type(e), str(e))
            raised_seen[key] = raised_seen.get(key, 0) + 1
            if raised_seen[key] > MAX_DTYPES_PER_ERROR:
                continue
        xfail = FLOAT16_REASON if raised is None and _has_float16(value) else None
        c.tags["raises"] = type(raised).__name__ if raised is not None else None
        r = route_of(c.tags)
        stem = mod.stem
        if r is not None:
            kind, _, what = r.dest.partition(":")
            if kind == "xfail":
                xfail = what
            elif kind in ("bug", "todo"):
                stem = f"np_{kind}_gen_{what}"
            else:
                raise SystemExit(f"bad route destination {r.dest!r}")
        if stem != mod.stem:
            c.group = f"{mod.stem}/{c.group}"
        dests.setdefault(stem, []).append((c, xfail, raised is not None))
        if xfail == FLOAT16_REASON:
            # The values still have to agree once kiln's float32 result is
            # rounded to float16 (NumPy computes float16 loops in float32).
            c16 = dataclasses.replace(c, tags={**c.tags, "kind": c.tags["kind"] + "_as_float16"},
                                      expr=f"({c.expr}).astype(np.float16)", group=c.group + "/f16")
            dests[stem].append((c16, None, False))
    return {stem: items for stem, items in dests.items()}


def module_text(stem: str, doc: str, functions: dict, items: list, todo: str | None) -> str:
    used = []
    for c, _, _ in items:
        for fn, _ in c.specs:
            if fn not in used:
                used.append(fn)
    lines = ['"""' + doc.strip() + "\n\nGENERATED by tests/gen_numpy_cases.py from compiler/src/optable.rs: do not edit.",
             f"Regenerate with `{REGEN_CMD}`."]
    lines[-1] += '"""'
    if todo:
        lines.append(f"#kiln-todo: {todo}")
    lines.append("import numpy as np")
    lines.append("")
    exports = []
    for c, _, _ in items:
        for fn, spec in c.specs:
            line = f"#pythran export {fn}({spec})"
            if line not in exports:
                exports.append(line)
    lines += exports
    # Group calls into runas lines.
    groups: dict = {}
    order = []
    for c, xfail, solo in items:
        key = ("solo", len(order)) if solo else (c.group, xfail)
        if key not in groups:
            groups[key] = []
            order.append(key)
        groups[key].append((c, xfail))
    for key in order:
        calls = groups[key]
        setup = [s for c, _ in calls for s in c.setup]
        lines += runas_lines(setup, [c.expr for c, _ in calls], calls[0][1])
    lines.append("")
    for fn in used:
        lines.append("")
        lines.append(functions[fn].rstrip())
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


# --------------------------------------------------------------------------
# Ufunc cases
# --------------------------------------------------------------------------


def _kind(dt: str) -> str:
    return np.dtype(dt).kind


def _out_of_bounds(s: str, dt: str) -> bool:
    """Whether the Python int literal `s` is out of range for integer dtype `dt`
    (NEP 50: NumPy raises OverflowError for arithmetic with such a scalar)."""
    if _kind(dt) not in "iu" or not re.fullmatch(r"-?\d+", s):
        return False
    info = np.iinfo(dt)
    return not info.min <= int(s) <= info.max


def ufunc_module(u: Ufunc) -> Module:
    fn = f"u_{u.name}"
    params = ["x", "y", "z"][: u.arity]
    doc = (f"numpy.{u.name}: {u.lowering}, arity {u.arity}"
           + (f", also as the operator `{u.operator}`" if u.operator else "") + ".")
    mod = Module(f"gen_ufunc_{u.name}", doc)
    mod.functions[fn] = f"def {fn}({', '.join(params)}):\n    return np.{u.name}({', '.join(params)})\n"
    mod.functions[fn + "_n"] = f"def {fn}_n({', '.join(params)}):\n    return np.{u.name}({', '.join(params)})\n"
    opfn = None
    if u.operator:
        opfn = f"o_{u.name}"
        if u.arity == 1:
            body = f"{u.operator}x"
        else:
            body = f"x {u.operator} y"
        mod.functions[opfn] = f"def {opfn}({', '.join(params)}):\n    return {body}\n"

    is_where = u.name == "where"

    def argdt(dt: str, k: int) -> str:
        return "bool" if is_where and k == 0 else dt

    for dt in DTYPES:
        names, setup = [], []
        for k in range(u.arity):
            d = argdt(dt, k)
            name = "abc"[k]
            names.append(name)
            setup.append(f"{name} = {arr_lit(VALUES[d][k], d)}")
        tags = lambda kind, **kw: {"op": u.name, "dtype": dt, "kind": kind, **kw}  # noqa: E731

        def spec(*dims_each):
            return ", ".join(f"{argdt(dt, k)}{dims_each[k]}" for k in range(u.arity))

        def add(kind, specdims, exprargs, extra_setup=(), group="arrays", fname=fn):
            mod.calls.append(Call(tags(kind), [(fname, spec(*specdims))], setup + list(extra_setup),
                                  f"{fname}({', '.join(exprargs)})", f"{dt}/{group}"))

        one = ["[:]"] * u.arity
        strided = ["[::]"] * u.arity
        two = ["[:,:]"] * u.arity
        three = ["[:,:,:]"] * u.arity
        three_s = ["[::,::,::]"] * u.arity
        add("1d", one, names)
        add("empty", one, [f"{n}[:0]" for n in names])
        add("strided", strided, [f"{n}[::2]" for n in names])
        add("strided", strided, [f"{n}[::-1]" for n in names])
        add("strided", strided, [f"{n}[1::3]" for n in names[:1]] + [f"{n}[-2::-3]" for n in names[1:]])
        res2 = [f"{n}2 = np.resize({n}, (3, 4))" for n in names]
        add("2d", two, [f"{n}2" for n in names], res2)
        add("fortran", two, [f"np.asfortranarray({n}2)" for n in names], res2)
        if u.arity > 1:
            add("fortran", two, [f"np.asfortranarray({names[0]}2)"] + [f"{n}2" for n in names[1:]], res2)
        res3 = [f"{n}3 = np.resize({n}, (2, 3, 4))" for n in names]
        add("3d", three, [f"{n}3" for n in names], res3)
        add("3d_strided", three_s, [f"{n}3[:, ::-1, ::2]" for n in names], res3)
        add("empty", three, [f"{n}3[:, :0]" for n in names], res3)
        if u.arity >= 2:
            # Broadcasting: 2-d with 1-d, 3-d with a size-1 middle dimension,
            # an array with Python scalars, and a shape mismatch.
            b2 = [f"{names[0]}2 = np.resize({names[0]}, (3, 4))"]
            add("bcast", ["[:,:]"] + ["[:]"] * (u.arity - 1), [f"{names[0]}2"] + [f"{n}[:4]" for n in names[1:]], b2)
            add("bcast", ["[:,:]"] + ["[:]"] * (u.arity - 1),
                [f"np.asfortranarray({names[0]}2)"] + [f"{n}[4:8]" for n in names[1:]], b2)
            b3 = [f"{names[0]}3 = np.resize({names[0]}, (2, 3, 4))"] + \
                 [f"{n}3 = np.resize({n}, (2, 1, 4))" for n in names[1:]]
            add("bcast", three, [f"{names[0]}3"] + [f"{n}3" for n in names[1:]], b3)
            add("bcast", ["[:]"] + ["[:,:,:]"] * (u.arity - 1), [f"{names[0]}[:4]"] + [f"{n}3" for n in names[1:]], b3)
            if dt == "float64":
                add("mismatch", one, [f"{names[0]}[:3]"] + [f"{n}[:4]" for n in names[1:]])
                add("mismatch", ["[:,:]"] + ["[:]"] * (u.arity - 1),
                    [f"{names[0]}2"] + [f"{n}[:3]" for n in names[1:]], b2)
            # Array with Python scalars (all scalar operands the same value).
            pyspec = {"b": "bool", "i": "int", "u": "int", "f": "float", "c": "complex"}
            kinds = [_kind(dt)] + (["f"] if _kind(dt) in "iu" else []) + (["c"] if _kind(dt) == "f" else [])
            for kd in kinds:
                sspec = pyspec[kd]
                for s in PY_SCALARS[kd]:
                    last = u.arity - 1
                    st = {"value": s, "scalar_oob": _out_of_bounds(s, dt)}
                    spec_r = ", ".join([f"{argdt(dt, 0)}[:]"] + [sspec] * last)
                    mod.calls.append(Call(tags("scalar_right", **st), [(fn, spec_r)], setup,
                                          f"{fn}({', '.join([names[0]] + [s] * last)})", f"{dt}/pyscalar"))
                    if not is_where:
                        spec_l = ", ".join([sspec] * last + [f"{dt}[:]"])
                        mod.calls.append(Call(tags("scalar_left", **st), [(fn, spec_l)], setup,
                                              f"{fn}({', '.join([s] * last + [names[-1]])})", f"{dt}/pyscalar"))
        # 0-d inputs: Python scalars for bool/int64/float64, NumPy scalars otherwise.
        vals = list(zip(*[VALUES[argdt(dt, k)][k] for k in range(u.arity)]))
        vals = vals if u.arity == 1 else vals[:10]
        argdts = [argdt(dt, k) for k in range(u.arity)]
        if all(d in PY_SCALAR_SPEC or d in NP_SCALAR_DTYPES for d in argdts):
            f0 = fn + "_n" if any(d in NP_SCALAR_DTYPES for d in argdts) else fn
            sp = ", ".join(d if d in NP_SCALAR_DTYPES else PY_SCALAR_SPEC[d] for d in argdts)
            for v in vals:
                args = [py_scalar_lit(v[k], argdts[k]) for k in range(u.arity)]
                mod.calls.append(Call(tags("0d"), [(f0, sp)], [], f"{f0}({', '.join(args)})", f"{dt}/0d"))
        # The operator spelling, on arrays and on Python/NumPy scalars.
        if opfn:
            ospec = lambda dims: ", ".join(f"{dt}{d}" for d in dims)  # noqa: E731
            mod.calls.append(Call(tags("operator"), [(opfn, ospec(one))], setup,
                                  f"{opfn}({', '.join(names)})", f"{dt}/operator"))
            mod.calls.append(Call(tags("operator"), [(opfn, ospec(strided))], setup,
                                  f"{opfn}({', '.join(n + '[::-1]' for n in names)})", f"{dt}/operator"))
            res3 = [f"{n}3 = np.resize({n}, (2, 3, 4))" for n in names]
            mod.calls.append(Call(tags("operator"), [(opfn, ospec(three))], setup + res3,
                                  f"{opfn}({', '.join(n + '3' for n in names)})", f"{dt}/operator"))
            if u.arity == 2:
                b2 = [f"{names[0]}2 = np.resize({names[0]}, (3, 4))"]
                mod.calls.append(Call(tags("operator"), [(opfn, f"{dt}[:,:], {dt}[:]")], setup + b2,
                                      f"{opfn}(np.asfortranarray({names[0]}2), {names[1]}[:4])", f"{dt}/operator"))
                kd = _kind(dt)
                sspec = {"b": "bool", "i": "int", "u": "int", "f": "float", "c": "complex"}[kd]
                for s in PY_SCALARS[kd]:
                    st = {"value": s, "scalar_oob": _out_of_bounds(s, dt)}
                    mod.calls.append(Call(tags("operator_scalar", **st), [(opfn, f"{dt}[:], {sspec}")], setup,
                                          f"{opfn}({names[0]}, {s})", f"{dt}/operator"))
            if dt in NP_SCALAR_DTYPES:
                on = opfn + "_n"
                mod.functions.setdefault(on, mod.functions[opfn].replace(f"def {opfn}(", f"def {on}("))
                for v in vals[:6]:
                    args = [py_scalar_lit(v[k], dt) for k in range(u.arity)]
                    mod.calls.append(Call(tags("operator_0d"), [(on, ", ".join([dt] * u.arity))], [],
                                          f"{on}({', '.join(args)})", f"{dt}/operator0d"))
    if u.arity == 2:
        for i, (d1, d2) in enumerate(MIXED_PAIRS):
            s1 = f"x{i} = {arr_lit(VALUES[d1][0], d1)}"
            s2 = f"y{i} = {arr_lit(VALUES[d2][1], d2)}"
            mod.calls.append(Call({"op": u.name, "dtype": f"{d1}+{d2}", "kind": "mixed"},
                                  [(fn, f"{d1}[:], {d2}[:]")], [s1, s2], f"{fn}(x{i}, y{i})", "mixed"))
    return mod


# --------------------------------------------------------------------------
# Reduction cases
# --------------------------------------------------------------------------

#: (form, body template (`{f}` the function, `a` the array), ranks it applies to)
REDUCE_FORMS = (
    ("all", "np.{f}(a)", (1, 2, 3)),
    ("ax0", "np.{f}(a, axis=0)", (1, 2, 3)),
    ("axm1", "np.{f}(a, axis=-1)", (2, 3)),
    ("ax02", "np.{f}(a, axis=(0, 2))", (3,)),
    ("ax1t", "np.{f}(a, axis=(1,))", (2,)),
    ("kd", "np.{f}(a, axis=-1, keepdims=True)", (1, 2, 3)),
    ("kdall", "np.{f}(a, keepdims=True)", (1, 3)),
    ("ddof", "np.{f}(a, ddof=1)", (1, 3)),
)
METHOD_FORMS = (
    ("m_all", "a.{f}()", (1, 2, 3)),
    ("m_pos", "a.{f}(0)", (1, 2, 3)),
    ("m_kd", "a.{f}(axis=1, keepdims=True)", (2, 3)),
)


def reduce_inputs(dt: str) -> list[tuple[str, str, int, list[str], str]]:
    """(kind, spec dims, ndim, setup, expression) of each input of dtype dt."""
    a = f"a = {arr_lit(VALUES[dt][0], dt)}"
    a2 = "a2 = np.resize(a, (3, 4))"
    a3 = "a3 = np.resize(a, (2, 3, 4))"
    out = [
        ("1d", "[:]", 1, [a], "a"),
        ("strided", "[::]", 1, [a], "a[::-3]"),
        ("2d", "[:,:]", 2, [a, a2], "a2"),
        ("fortran", "[:,:]", 2, [a, a2], "np.asfortranarray(a2)"),
        ("3d", "[:,:,:]", 3, [a, a3], "a3"),
        ("3d_strided", "[::,::,::]", 3, [a, a3], "a3[::-1, ::2, 1:]"),
        ("long", "[:]", 1, [f"l1 = {LONG_1D.format(dt=dt)}"], "l1"),
        ("long", "[:,:,:]", 3, [f"l3 = {LONG_3D.format(dt=dt)}"], "l3"),
        ("empty", "[:]", 1, [a], "a[:0]"),
        ("empty", "[:,:]", 2, [a, a2], "a2[:0]"),
        ("empty", "[:,:]", 2, [a, a2], "a2[:, :0]"),
        ("empty", "[:,:,:]", 3, [a, a3], "a3[:, :0]"),
    ]
    if dt in ("float32", "float64", "complex64", "complex128"):
        nan = f"n = {arr_lit([NAN, 1.0, NAN, -2.0, 0.5, NAN], dt)}"
        out += [
            ("allnan", "[:]", 1, [f"f = np.full(4, np.nan, dtype=np.{dt})"], "f"),
            ("nan", "[:,:]", 2, [nan], "n.reshape(2, 3)"),
            ("nan", "[:,:]", 2, [nan], "n.reshape(3, 2)"),
        ]
    return out


#: Complex dtypes: their reduction cases go to `gen_reduce_<name>_complex.py`
#: (one module holds at most 512 concrete overloads).
COMPLEX_DTYPES = ("complex64", "complex128")


def reduce_module(r: Reduction, complex_part: bool = False) -> Module:
    spelled = [s for s, ok in ((f"np.{r.name}(a, ...)", r.function), (f"a.{r.name}(...)", r.method)) if ok]
    doc = f"numpy.{r.name}: {r.lowering}, spelled {' and '.join(spelled)}."
    if complex_part:
        doc += " Complex dtypes."
    mod = Module(f"gen_reduce_{r.name}" + ("_complex" if complex_part else ""), doc)
    forms = []
    if r.function:
        forms += [(f"r_{r.name}_{form}", body.format(f=r.name), ranks, form) for form, body, ranks in REDUCE_FORMS]
    if r.method:
        forms += [(f"{form}_{r.name}", body.format(f=r.name), ranks, form)
                  for form, body, ranks in METHOD_FORMS]
    for name, body, _, _ in forms:
        mod.functions[name] = f"def {name}(a):\n    return {body}\n"
    if r.function:
        # NumPy scalars get their own function: overloads of one function on
        # several scalar types would let a Python int match `int8`.
        name = f"r_{r.name}_all_n"
        mod.functions[name] = f"def {name}(a):\n    return np.{r.name}(a)\n"
    ev = Evaluator(mod.functions)
    for dt in DTYPES:
        if (dt in COMPLEX_DTYPES) != complex_part:
            continue
        for kind, dims, nd, setup, expr in reduce_inputs(dt):
            for name, body, ranks, form in forms:
                if nd not in ranks:
                    continue
                # Leave out forms NumPy does not take at all (axis tuples for
                # argmax, ddof for sum, ...): probe them on a small array.
                try:
                    ev.run([f"a = np.ones((2, 2, 2)[:{nd}], dtype=np.{dt})"], f"{name}(a)")
                except TypeError:
                    continue
                except Exception:  # noqa: BLE001
                    pass
                mod.calls.append(Call({"op": r.name, "dtype": dt, "kind": kind, "form": form},
                                      [(name, f"{dt}{dims}")], setup, f"{name}({expr})", f"{dt}/{kind}/{expr}"))
        # 0-d input: a Python or NumPy scalar.
        if dt in PY_SCALAR_SPEC or dt in NP_SCALAR_DTYPES:
            name = (f"r_{r.name}_all_n" if dt in NP_SCALAR_DTYPES else f"r_{r.name}_all") if r.function else None
            if name:
                sp = PY_SCALAR_SPEC.get(dt, dt)
                v = py_scalar_lit(VALUES[dt][0][2], dt)
                mod.calls.append(Call({"op": r.name, "dtype": dt, "kind": "0d", "form": "all"},
                                      [(name, sp)], [], f"{name}({v})", "0d"))
    return mod


# --------------------------------------------------------------------------
# Driver
# --------------------------------------------------------------------------


def generate() -> tuple[dict[str, str], list[str]]:
    """All generated files (name -> text) and the calls left out."""
    ufuncs, reductions = operations(parse_table(OPTABLE.read_text()))
    if not ufuncs or not reductions:
        raise SystemExit(f"{OPTABLE}: found no ufuncs or no reductions; is the table format still the same?")
    mods = [ufunc_module(u) for u in ufuncs] + [reduce_module(r) for r in reductions]
    mods += [reduce_module(r, complex_part=True) for r in reductions]
    skipped: list[str] = []
    per_file: dict[str, list] = {}
    docs: dict[str, str] = {}
    funcs: dict[str, dict] = {}
    todos: dict[str, str] = {}
    for mod in mods:
        for stem, items in render(mod, skipped).items():
            per_file.setdefault(stem, []).extend(items)
            funcs.setdefault(stem, {}).update(mod.functions)
            if stem == mod.stem:
                docs[stem] = mod.doc
            elif stem.startswith("np_bug_gen_"):
                what = stem[len("np_bug_gen_"):]
                reasons = sorted({r.why for r in ROUTES if r.dest == f"bug:{what}"})
                docs[stem] = f"kiln bug ({what}): calls of generated NumPy cases that fail.\n\n" + "\n".join(reasons)
            else:
                what = stem[len("np_todo_gen_"):]
                reasons = sorted({r.why for r in ROUTES if r.dest == f"todo:{what}"})
                docs[stem] = f"Not supported by kiln yet ({what}): generated NumPy cases.\n\n" + "\n".join(reasons)
                todos[stem] = what
    files = {}
    for stem, items in sorted(per_file.items()):
        if not any(True for _ in items):
            continue
        files[stem + ".py"] = module_text(stem, docs[stem], funcs[stem], items, todos.get(stem))
    return files, skipped


def owned_files() -> list[Path]:
    out = set()
    for g in OWNED_GLOBS:
        out.update(CASES_DIR.glob(g))
    return sorted(out)


def stale_files(files: dict[str, str]) -> list[str]:
    """Names whose content on disk differs from `files`, or that should not exist."""
    bad = []
    for name, text in files.items():
        p = CASES_DIR / name
        if not p.exists() or p.read_text() != text:
            bad.append(name)
    for p in owned_files():
        if p.name not in files:
            bad.append(p.name)
    return sorted(bad)


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true", help="only check that the files are up to date")
    ap.add_argument("-v", "--verbose", action="store_true", help="list the calls NumPy rejects")
    args = ap.parse_args(argv)
    files, skipped = generate()
    if args.check:
        bad = stale_files(files)
        for name in bad:
            print(f"stale: tests/cases/{name}")
        if bad:
            print(f"regenerate with `{REGEN_CMD}`")
        return 1 if bad else 0
    for p in owned_files():
        if p.name not in files:
            p.unlink()
    for name, text in files.items():
        p = CASES_DIR / name
        if not p.exists() or p.read_text() != text:
            p.write_text(text)
    nrunas = sum(t.count("\n#runas ") for t in files.values())
    print(f"wrote {len(files)} files, {nrunas} runas lines; {len(skipped)} calls left out (NumPy rejects them)")
    if args.verbose:
        for s in skipped:
            print("  skipped:", s)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
