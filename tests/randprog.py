"""Random, well-typed numeric programs for differential testing of kiln.

`generate_module(seed, nfuncs)` writes the source of one module: `nfuncs`
exported functions (each one a "program"), the private helper functions they
call, a module constant or two, and for every exported function its export
spec and a few deterministic argument tuples. `test_random_programs.py`
compiles each module with kiln, calls every function on every argument tuple
under CPython and under kiln, and compares the outcomes with
`kilntest.diff_outcomes` (value, type, dtype, shape, floats within 4 ULP,
exception type and message, and the argument arrays after the call).

What the programs use (the supported subset of docs/LANGUAGE.md):
- `int`, `float`, `bool`, and the NumPy scalars `np.int64`/`np.float64` read
  from arrays (and `np.bool_` from comparing them), with NumPy's own rules for
  those (NEP 50 promotion, `np.int64 // 0 == 0`, ...);
- `+ - * / // % **`, unary `- + ~ not`, `& | ^ >> <<`, comparisons (chained
  for Python scalars), `and`/`or` (returning an operand), `x if c else y`;
- `abs`, `min`, `max`, `int`, `float`, `bool`, `len`, and `math` functions;
- `if`/`elif`/`else`, `for` over `range(...)` and over 1-D arrays, `while`,
  `break`, `continue`, loop `else`, early `return`, `raise ValueError(...)`,
  `assert`;
- 1-D/2-D `float64`/`int64` array arguments (C- and Fortran-ordered), element
  reads and writes, `.shape`, `len`, `.size`, `np.zeros`/`np.empty`/`np.ones`,
  arrays and tuples returned, arrays swapped between variables;
- private helper functions with scalar and array parameters.

Invariants that keep every program within kiln's documented semantics:
- One type per variable: a variable is declared once with a type, and only
  expressions of exactly that type are assigned to it (the generator tracks
  Python's and NumPy's result types; see `arith_type`).
- No int64 overflow (a documented difference): every int expression carries a
  magnitude bound; int variables and int array elements stay within
  `INT_BOUND` (assignments are reduced `% 1000003` when needed), and operands
  are reduced `% 1009` before an operation that could exceed `SAFE`.
- No other documented difference: `min`/`max`/`x if c else y`/`and`/`or` only
  combine values of one type; `int ** negative` only with a constant
  exponent; `float ** fractional` only on non-negative bases; `int(x)` of a
  float only after clamping to +-1e6 (NaN still raises, as it should).
- Termination: `range` bounds are reduced `% 13` or come from array shapes
  (arrays have at most 6x6 elements); `while` loops carry a counter that is
  incremented first thing in the body.
- Programs may raise: division and modulo by zero, out-of-bounds indices
  (some indices are deliberately unchecked), `math` domain errors,
  `ValueError`s raised on purpose, failed asserts, NaN to int.

`python tests/randprog.py SEED [NFUNCS [AVOID,...]]` prints one module and
its inputs.
"""

from __future__ import annotations

import dataclasses
import math
import random
import sys

import numpy as np

I, F, B, I8, F8, NB = "int", "float", "bool", "i8", "f8", "nb"
PY_NUM = (I, F, B)
NP_NUM = (I8, F8)
NUMERIC = (I, F, B, I8, F8)

#: Bound on every int variable and int array element.
INT_BOUND = 1_000_003
#: Bound on every intermediate int value (far below 2**63).
SAFE = 10**15

ARRAY_KINDS = ("f1", "i1", "f2", "i2")  # dtype letter + ndim
SPEC = {
    I: "int",
    F: "float",
    B: "bool",
    "f1": "float64[:]",
    "i1": "int64[:]",
    "f2": "float64[:,:]",
    "i2": "int64[:,:]",
}


def elem_type(kind: str) -> str:
    return F8 if kind[0] == "f" else I8


def ndim(kind: str) -> int:
    return int(kind[1])


def is_int(t: str) -> bool:
    return t in (I, I8, B)


def arith_type(op: str, a: str, b: str) -> str:
    """Result type of `a op b` for + - * / // % ** (Python, and NumPy's NEP 50
    rules for np.int64/np.float64 with Python scalars)."""
    numpy = a in NP_NUM or b in NP_NUM
    if op == "/":
        return F8 if numpy else F
    if F8 in (a, b):
        return F8
    if I8 in (a, b):
        return F8 if F in (a, b) else I8
    if F in (a, b):
        return F
    return I  # int/bool with int/bool


@dataclasses.dataclass
class Expr:
    text: str
    type: str
    bound: int = 0  # magnitude bound for int-typed expressions

    def par(self) -> str:
        return f"({self.text})"


@dataclasses.dataclass
class Helper:
    name: str
    params: list  # [(name, type or array kind)]; "recn" is a recursion depth
    ret: str
    source: str
    defaults: dict = dataclasses.field(default_factory=dict)  # param name -> default text


@dataclasses.dataclass
class Program:
    """One exported function."""

    name: str
    params: list  # [(name, type or array kind)]
    spec: str
    inputs: list  # argument tuples (fresh copies are made per call)
    source: str  # the function and the helpers it may call


class Scope:
    """What a block can see: scalar variables, arrays, in-bounds indices."""

    def __init__(self, parent: Scope | None = None):
        self.vars: dict[str, str] = dict(parent.vars) if parent else {}
        self.arrays: dict[str, str] = dict(parent.arrays) if parent else {}
        # (array, axis) -> names of loop variables known to be in bounds
        self.inbounds: dict[tuple[str, int], list[str]] = (
            {k: list(v) for k, v in parent.inbounds.items()} if parent else {}
        )
        self.loop_depth = parent.loop_depth if parent else 0
        self.readonly: set[str] = set(parent.readonly) if parent else set()


class FuncGen:
    """Generates one function body."""

    def __init__(self, g: ModuleGen, ret: str | tuple, helpers: list[Helper], depth_budget: int = 3):
        self.g = g
        self.r = g.r
        self.ret = ret
        self.helpers = helpers
        self.lines: list[str] = []
        self.counter = 0
        self.depth_budget = depth_budget
        self.stmt_budget = self.r.randint(4, 12)

    # -- names ------------------------------------------------------------
    def fresh(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}{self.counter}"

    def emit(self, indent: int, text: str) -> None:
        self.lines.append("    " * indent + text)

    # -- literals ---------------------------------------------------------
    def lit(self, t: str) -> Expr:
        r = self.r
        if t == I:
            v = r.choice([0, 1, 2, 3, -1, -2, 5, 7, 10, -7, 13, 100])
            return Expr(str(v) if v >= 0 else f"({v})", I, abs(v))
        if t == F:
            v = r.choice(["0.0", "1.0", "0.5", "2.0", "-1.5", "3.25", "1e-3", "-0.0", "10.0", "1e10", "0.1"])
            return Expr(v if not v.startswith("-") else f"({v})", F)
        if t == B:
            return Expr(r.choice(["True", "False"]), B, 1)
        # NumPy scalars have no literal syntax (they come from array reads).
        raise NoExpr(t)

    # -- expressions ------------------------------------------------------
    def expr(self, sc: Scope, t: str, depth: int = 2) -> Expr:
        """An expression of exactly type `t`."""
        r = self.r
        if t == NB:
            return self.compare(np_result=True, depth=depth, sc=sc)
        leaves = self.leaves(sc, t)
        if depth <= 0 or r.random() < 0.3:
            if leaves:
                return r.choice(leaves)
            if depth <= 0:
                return self.fallback(sc, t, depth)
        # composite forms
        choices = ["arith", "arith", "arith", "unary", "call", "cond", "minmax"]
        if t in (I, I8):
            choices += ["bitwise", "conv"]
        if t == I:
            choices += ["len", "mathint"]
        if t in (F,):
            choices += ["math", "math", "conv"]
        if t == B:
            choices = ["cmp", "cmp", "cmp", "not", "boolop", "conv", "pred"]
        if t in (F8,):
            choices += ["np_from_read"]
        if self.helpers:
            choices.append("helper")
        if t in (I, F, I8, F8):
            choices.append("valueop")
        kind = r.choice(choices)
        e = None
        if kind == "arith":
            e = self.arith(sc, t, depth)
        elif kind == "unary":
            e = self.unary(sc, t, depth)
        elif kind == "call" and t in (I, F, I8, F8):
            a = self.expr(sc, t if t != I or r.random() < 0.7 else B, depth - 1)
            res_t = I if a.type == B else a.type
            if res_t == t:
                e = Expr(f"abs({a.text})", t, a.bound)
        elif kind == "cond":
            c = self.cond(sc, depth - 1)
            a, b = self.expr(sc, t, depth - 1), self.expr(sc, t, depth - 1)
            e = Expr(f"({a.text} if {c.text} else {b.text})", t, max(a.bound, b.bound))
        elif kind == "minmax" and t in (I, F, I8, F8):
            n = r.choice([2, 2, 3])
            args = [self.expr(sc, t, depth - 1) for _ in range(n)]
            e = Expr(f"{r.choice(['min', 'max'])}({', '.join(a.text for a in args)})", t, max(a.bound for a in args))
        elif kind == "bitwise":
            e = self.bitwise(sc, t, depth)
        elif kind == "conv":
            e = self.conv(sc, t, depth)
        elif kind == "len":
            arrs = list(sc.arrays)
            if arrs:
                a = r.choice(arrs)
                k = sc.arrays[a]
                form = r.choice(["len", "shape", "size", "ndim"])
                if form == "len":
                    e = Expr(f"len({a})", I, 64)
                elif form == "shape":
                    e = Expr(f"{a}.shape[{r.randrange(ndim(k))}]", I, 64)
                elif form == "size":
                    e = Expr(f"{a}.size", I, 4096)
                else:
                    e = Expr(f"{a}.ndim", I, 2)
        elif kind == "mathint":
            x = self.expr(sc, r.choice([F, F8]), depth - 1)
            fn = r.choice(["floor", "ceil", "trunc"])
            e = Expr(f"math.{fn}(max(min(float({x.text}), 1e6), -1e6))", I, 1_000_001)
        elif kind == "math":
            e = self.math_call(sc, depth)
        elif kind == "cmp":
            e = self.compare(np_result=False, depth=depth, sc=sc)
        elif kind == "not":
            e = Expr(f"(not {self.cond(sc, depth - 1).text})", B, 1)
        elif kind == "boolop":
            a, b = self.expr(sc, B, depth - 1), self.expr(sc, B, depth - 1)
            e = Expr(f"({a.text} {r.choice(['and', 'or'])} {b.text})", B, 1)
        elif kind == "pred":
            x = self.expr(sc, r.choice([F, F8]), depth - 1)
            e = Expr(f"math.{r.choice(['isnan', 'isinf', 'isfinite'])}({x.text})", B, 1)
        elif kind == "valueop":
            # `a or b` / `a and b` return an operand: both of type t.
            a, b = self.expr(sc, t, depth - 1), self.expr(sc, t, depth - 1)
            e = Expr(f"({a.text} {r.choice(['and', 'or'])} {b.text})", t, max(a.bound, b.bound))
        elif kind == "np_from_read":
            e = self.read(sc, "f")
        elif kind == "helper":
            e = self.helper_call(sc, t, depth)
        if e is None or e.type != t:
            if leaves:
                return r.choice(leaves)
            return self.fallback(sc, t, depth)
        return self.reduce_if_needed(e)

    def fallback(self, sc: Scope, t: str, depth: int) -> Expr:
        """Some expression of type `t` when no leaf has that type."""
        if t in PY_NUM:
            return self.lit(t)
        if t == I8:
            e = self.read(sc, "i")
            if e:
                return e
            # np.int64 from an int array made on the spot is not in the
            # subset; an arithmetic combination of a read is the only source.
            raise NoExpr(t)
        if t == F8:
            e = self.read(sc, "f")
            if e:
                return e
            e = self.read(sc, "i")
            if e:
                return Expr(f"({e.text} * 0.5)", F8)
            raise NoExpr(t)
        raise NoExpr(t)

    def reduce_if_needed(self, e: Expr) -> Expr:
        if e.type in (I, I8) and e.bound > SAFE:
            return Expr(f"({e.text} % 1009)", e.type, 1009)
        return e

    def leaves(self, sc: Scope, t: str) -> list[Expr]:
        out = [Expr(n, t, INT_BOUND if t != B else 1) for n, vt in sc.vars.items() if vt == t]
        if t in PY_NUM:
            out.append(self.lit(t))
        if t in (F, I) and self.g.constants and self.r.random() < 0.3:
            name, ct, v = self.r.choice(self.g.constants)
            if ct == t:
                out.append(Expr(name, t, abs(int(v)) if t == I else 0))
        if t == F and self.r.random() < 0.2:
            out.append(Expr(self.r.choice(["math.pi", "math.e"]), F))
        if t in NP_NUM:
            e = self.read(sc, "f" if t == F8 else "i")
            if e:
                out.append(e)
        return out

    def index(self, sc: Scope, arr: str, axis: int) -> str:
        """An index into `arr` along `axis`: usually in bounds."""
        r = self.r
        ok = sc.inbounds.get((arr, axis), [])
        x = r.random()
        if ok and x < 0.6:
            i = r.choice(ok)
            return i if r.random() < 0.85 else f"-1 - {i}"
        if x < 0.88:
            e = self.expr(sc, I, 0)
            return f"{e.par()} % {arr}.shape[{axis}]"
        if x < 0.975:
            return r.choice(["0", "-1", "1"])
        # Possibly out of bounds: IndexError on some inputs.
        return self.expr(sc, I, 1).text

    def read(self, sc: Scope, dtype: str) -> Expr | None:
        arrs = [a for a, k in sc.arrays.items() if k[0] == dtype]
        if not arrs:
            return None
        a = self.r.choice(arrs)
        k = sc.arrays[a]
        idx = ", ".join(self.index(sc, a, ax) for ax in range(ndim(k)))
        return Expr(f"{a}[{idx}]", elem_type(k), INT_BOUND)

    def operand_types(self, t: str, op: str) -> tuple[str, str]:
        """Two operand types whose `op` gives exactly `t`."""
        r = self.r
        for _ in range(50):
            if t in (I8, F8):
                a = r.choice([t, t, I8, F8, I, F, B])
            else:
                a = r.choice([t, t, I, F, B]) if t != B else B
            b = r.choice([t, I, F, B, I8, F8, a])
            if r.random() < 0.5:
                a, b = b, a
            if arith_type(op, a, b) == t:
                return a, b
        return None

    def arith(self, sc: Scope, t: str, depth: int) -> Expr | None:
        r = self.r
        if t == B:
            return None
        ops = ["+", "-", "*", "+", "-", "*", "//", "%", "**"]
        if t in (F, F8):
            ops += ["/", "/"]
        op = r.choice(ops)
        if op == "**":
            return self.power(sc, t, depth)
        ts = self.operand_types(t, op)
        if ts is None:
            return None
        a, b = self.expr(sc, ts[0], depth - 1), self.expr(sc, ts[1], depth - 1)
        if is_int(t):
            if op in "+-":
                bound = a.bound + b.bound
            elif op == "*":
                if a.bound * b.bound > SAFE:
                    a = Expr(f"({a.text} % 1009)", a.type, 1009)
                    b = Expr(f"({b.text} % 1009)", b.type, 1009)
                bound = max(a.bound, 1) * max(b.bound, 1)
            elif op == "//":
                bound = a.bound
            else:  # %
                bound = b.bound
        else:
            bound = 0
        return Expr(f"({a.text} {op} {b.text})", t, bound)

    def power(self, sc: Scope, t: str, depth: int) -> Expr | None:
        r = self.r
        if t in (I, I8):
            base = self.expr(sc, t, depth - 1)
            k = r.choice([0, 1, 2, 2, 3])
            if base.bound**k > SAFE:
                base = Expr(f"({base.text} % 1009)", t, 1009)
            return Expr(f"({base.par()} ** {k})", t, max(base.bound, 1) ** k)
        if t == F and r.random() < 0.3 and "negpow" not in self.g.avoid:
            # int ** negative constant is a float in Python and in kiln;
            # 0 ** -1 raises ZeroDivisionError.
            base = self.expr(sc, I, depth - 1)
            return Expr(f"({base.par()} ** {r.choice(['-1', '-2'])})", F)
        base_t = t if r.random() < 0.7 else (I8 if t == F8 else I)
        base = self.expr(sc, base_t, depth - 1)
        k = r.choice(["0.5", "2.0", "3.0", "-1.0", "1.5", "2", "0.25"])
        if base_t in (I, I8) and k in ("2",):
            k = "2.0"
        return Expr(f"((abs({base.text}) + 0.5) ** {k})", t)

    def unary(self, sc: Scope, t: str, depth: int) -> Expr | None:
        r = self.r
        if t == B:
            return None
        op = r.choice(["-", "-", "+", "~"] if t in (I, I8) else ["-", "+"])
        src_t = t
        if t == I and op in "-+" and r.random() < 0.2:
            src_t = B  # -True == -1
        a = self.expr(sc, src_t, depth - 1)
        return Expr(f"({op}{a.par()})", t, a.bound + 1)

    def bitwise(self, sc: Scope, t: str, depth: int) -> Expr:
        r = self.r
        op = r.choice(["&", "|", "^", ">>", "<<"])
        a = self.expr(sc, t, depth - 1)
        if op in (">>", "<<"):
            k = r.randint(0, 4)
            if op == "<<":
                return Expr(f"({a.par()} << {k})", t, a.bound * 16 + 1)
            return Expr(f"({a.par()} >> {k})", t, a.bound + 1)
        b = self.expr(sc, r.choice([t, I]) if t == I8 else I, depth - 1)
        return Expr(f"({a.text} {op} {b.text})", t, 2 * max(a.bound, b.bound) + 1)

    def conv(self, sc: Scope, t: str, depth: int) -> Expr | None:
        r = self.r
        if t == F:
            a = self.expr(sc, r.choice([I, I8, F8, B, F]), depth - 1)
            return Expr(f"float({a.text})", F)
        if t == I:
            src = r.choice([I8, B, F, F8])
            a = self.expr(sc, src, depth - 1)
            if src in (F, F8):
                return Expr(f"int(max(min(float({a.text}), 1e6), -1e6))", I, 1_000_000)
            return Expr(f"int({a.text})", I, a.bound)
        if t == B:
            a = self.expr(sc, r.choice([I, F, I8, F8]), depth - 1)
            return Expr(f"bool({a.text})", B, 1)
        return None

    def math_call(self, sc: Scope, depth: int) -> Expr:
        r = self.r
        x = self.expr(sc, r.choice([F, F, F8, I, I8]), depth - 1)
        fn = r.choice(["sqrt", "sqrt", "exp", "log", "sin", "cos", "tanh", "atan", "fabs", "atan2", "hypot", "raw"])
        if fn == "sqrt":
            return Expr(f"math.sqrt(abs({x.text}))", F)
        if fn == "exp":
            return Expr(f"math.exp(min(float({x.text}), 50.0))", F)
        if fn == "log":
            return Expr(f"math.log(abs({x.text}) + 1.0)", F)
        if fn in ("atan2", "hypot"):
            y = self.expr(sc, r.choice([F, F8, I]), depth - 1)
            return Expr(f"math.{fn}({x.text}, {y.text})", F)
        if fn == "raw":
            # Unguarded: may raise ValueError('math domain error') on some inputs.
            g = r.choice(["sqrt", "log", "acos", "asin"])
            return Expr(f"math.{g}({x.text})", F)
        return Expr(f"math.{fn}({x.text})", F)

    def compare(self, np_result: bool, depth: int, sc: Scope | None = None) -> Expr:
        r = self.r
        ops = ["<", "<=", ">", ">=", "==", "!="]
        if sc is None:
            sc = Scope()
        if np_result:
            a_t = r.choice(NP_NUM)
            b_t = r.choice(NUMERIC)
            if r.random() < 0.5:
                a_t, b_t = b_t, a_t
            a, b = self.expr(sc, a_t, depth - 1), self.expr(sc, b_t, depth - 1)
            return Expr(f"({a.text} {r.choice(ops)} {b.text})", NB, 1)
        ts = [r.choice(PY_NUM) for _ in range(r.choice([2, 2, 2, 3]))]
        parts = [self.expr(sc, t, depth - 1).text for t in ts]
        text = parts[0]
        for p in parts[1:]:
            text += f" {r.choice(ops)} {p}"
        return Expr(f"({text})", B, 1)

    def cond(self, sc: Scope, depth: int) -> Expr:
        """Anything usable as a condition (truthiness)."""
        r = self.r
        x = r.random()
        try:
            if x < 0.55:
                return self.expr(sc, B, depth)
            if x < 0.75:
                return self.compare(np_result=True, depth=depth, sc=sc)
            return self.expr(sc, r.choice([I, F, I8, F8]), depth)
        except NoExpr:
            return self.expr(sc, B, depth)

    def helper_call(self, sc: Scope, t: str, depth: int) -> Expr | None:
        cands = [h for h in self.helpers if h.ret == t]
        if not cands:
            return None
        h = self.r.choice(cands)
        args = []
        for pname, pt in h.params:
            if pt in ARRAY_KINDS:
                arrs = [a for a, k in sc.arrays.items() if k == pt and a not in sc.readonly]
                if not arrs:
                    return None
                args.append(self.r.choice(arrs))
            elif pt == "recn":
                args.append(f"abs({self.expr(sc, I, 0).text}) % 8")
            elif pname in h.defaults:
                x = self.r.random()
                if x < 0.35:
                    continue  # use the default
                text = self.expr(sc, pt, depth - 1).text
                args.append(f"{pname}={text}" if x < 0.7 else text)
            else:
                args.append(self.expr(sc, pt, depth - 1).text)
        return Expr(f"{h.name}({', '.join(args)})", t, INT_BOUND)

    # -- statements -------------------------------------------------------
    def assign_value(self, sc: Scope, t: str) -> Expr:
        e = self.expr(sc, t, self.r.choice([1, 2, 2, 3]))
        if t in (I, I8) and e.bound > INT_BOUND:
            e = Expr(f"({e.text}) % 1000003", t, INT_BOUND)
        return e

    def declare(self, sc: Scope, indent: int, t: str | None = None) -> None:
        r = self.r
        for _ in range(10):
            t = t or r.choice([I, I, F, F, B, I8, F8, NB])
            try:
                e = self.assign_value(sc, t)
            except NoExpr:
                t = None
                continue
            name = self.fresh("v")
            self.emit(indent, f"{name} = {e.text}")
            sc.vars[name] = t
            return

    def stmt(self, sc: Scope, indent: int, depth: int) -> None:
        r = self.r
        self.stmt_budget -= 1
        kinds = ["assign", "assign", "augassign", "declare", "write", "write"]
        if depth < self.depth_budget:
            kinds += ["if", "if", "for", "for", "while"]
        if sc.loop_depth:
            kinds += ["breakif", "continueif"]
        kinds += ["earlyreturn", "swap", "unpack"]
        if r.random() < 0.3:
            kinds += ["raise", "assert"]
        kind = r.choice(kinds)
        try:
            getattr(self, "s_" + kind)(sc, indent, depth)
        except NoExpr:
            self.emit(indent, "pass")

    def block(self, sc: Scope, indent: int, depth: int, n: int | None = None) -> None:
        n = n if n is not None else self.r.randint(1, 3)
        start = len(self.lines)
        for _ in range(n):
            if self.stmt_budget <= 0 and len(self.lines) > start:
                break
            self.stmt(sc, indent, depth)
        if len(self.lines) == start:
            self.emit(indent, "pass")

    def s_declare(self, sc, indent, depth):
        self.declare(sc, indent)

    def s_assign(self, sc, indent, depth):
        names = [n for n in sc.vars if n not in sc.readonly]
        if not names:
            return self.declare(sc, indent)
        n = self.r.choice(names)
        self.emit(indent, f"{n} = {self.assign_value(sc, sc.vars[n]).text}")

    def s_augassign(self, sc, indent, depth):
        r = self.r
        names = [n for n, t in sc.vars.items() if t in (I, F, I8, F8) and n not in sc.readonly]
        if not names:
            return self.declare(sc, indent)
        n = r.choice(names)
        t = sc.vars[n]
        op = r.choice(["+", "-", "*", "/", "//", "%"])
        ts = [u for u in (I, F, B, I8, F8) if arith_type(op, t, u) == t]
        if not ts:
            return self.s_assign(sc, indent, depth)
        u = r.choice(ts)
        e = self.expr(sc, u, 1)
        if t in (I, I8):
            if op in "+-" or op == "//" or op == "%":
                # `n += e` could creep past INT_BOUND over loop iterations: reduce.
                self.emit(indent, f"{n} = ({n} {op} {e.par()}) % 1000003")
                return
            if op == "*":
                self.emit(indent, f"{n} = ({n} * ({e.text} % 1009)) % 1000003")
                return
        self.emit(indent, f"{n} {op}= {e.text}")

    def s_write(self, sc, indent, depth):
        r = self.r
        arrs = [a for a in sc.arrays if a not in sc.readonly]
        if not arrs:
            return self.s_assign(sc, indent, depth)
        a = r.choice(arrs)
        k = sc.arrays[a]
        idx = ", ".join(self.index(sc, a, ax) for ax in range(ndim(k)))
        if k[0] == "f":
            t = r.choice([F, F8, F8, I, I8, B])
            e = self.expr(sc, t, 2)
            op = r.choice(["=", "=", "+=", "-=", "*="])
            self.emit(indent, f"{a}[{idx}] {op} {e.text}")
        else:
            t = r.choice([I, I8, I8, B])
            e = self.expr(sc, t, 2)
            if e.bound > INT_BOUND:
                e = Expr(f"({e.text}) % 1000003", t, INT_BOUND)
            self.emit(indent, f"{a}[{idx}] = {e.text}")

    def s_if(self, sc, indent, depth):
        r = self.r
        self.emit(indent, f"if {self.cond(Scope(sc), 2).text}:")
        self.block(Scope(sc), indent + 1, depth + 1)
        for _ in range(r.choice([0, 0, 1, 2])):
            self.emit(indent, f"elif {self.cond(Scope(sc), 1).text}:")
            self.block(Scope(sc), indent + 1, depth + 1)
        if r.random() < 0.5:
            self.emit(indent, "else:")
            self.block(Scope(sc), indent + 1, depth + 1)

    def s_for(self, sc, indent, depth):
        r = self.r
        inner = Scope(sc)
        inner.loop_depth += 1
        i = self.fresh("i")
        x = r.random()
        arrs = list(sc.arrays)
        if arrs and x < 0.5:
            a = r.choice(arrs)
            k = sc.arrays[a]
            ax = r.randrange(ndim(k))
            rng = f"range({a}.shape[{ax}])" if ax or r.random() < 0.5 else f"range(len({a}))"
            if r.random() < 0.2:
                rng = f"range({a}.shape[{ax}] - 1, -1, -1)"
            self.emit(indent, f"for {i} in {rng}:")
            inner.inbounds.setdefault((a, ax), []).append(i)
            inner.vars[i] = I
            inner.readonly.add(i)
        elif arrs and x < 0.65 and any(ndim(k) == 1 for k in sc.arrays.values()):
            a = r.choice([a for a, k in sc.arrays.items() if ndim(k) == 1])
            self.emit(indent, f"for {i} in {a}:")
            inner.vars[i] = elem_type(sc.arrays[a])
            inner.readonly.add(i)
        else:
            lo = self.expr(sc, I, 1)
            hi = self.expr(sc, I, 1)
            step = r.choice(["", "", ", 2", ", 3", ", -1", ", -2"])
            if r.random() < 0.4:
                self.emit(indent, f"for {i} in range({hi.par()} % 13):")
            else:
                self.emit(indent, f"for {i} in range({lo.par()} % 7, {hi.par()} % 13{step}):")
            inner.vars[i] = I
            inner.readonly.add(i)
        self.block(inner, indent + 1, depth + 1, self.r.randint(1, 4))
        if r.random() < 0.15:
            self.emit(indent, "else:")
            self.block(Scope(sc), indent + 1, depth + 1, 1)

    def s_while(self, sc, indent, depth):
        r = self.r
        w = self.fresh("w")
        self.emit(indent, f"{w} = 0")
        sc.vars[w] = I
        sc.readonly.add(w)
        inner = Scope(sc)
        inner.loop_depth += 1
        cond = self.cond(Scope(sc), 1).text if r.random() < 0.6 else "True"
        self.emit(indent, f"while {w} < {r.randint(1, 12)} and {cond}:")
        self.emit(indent + 1, f"{w} += 1")
        self.block(inner, indent + 1, depth + 1, self.r.randint(1, 3))

    def s_breakif(self, sc, indent, depth):
        self.emit(indent, f"if {self.cond(Scope(sc), 1).text}:")
        self.emit(indent + 1, self.r.choice(["break", "continue"]))

    s_continueif = s_breakif

    def s_raise(self, sc, indent, depth):
        if self.r.random() < 0.5:
            return self.s_assign(sc, indent, depth)
        self.emit(indent, f"if {self.cond(Scope(sc), 1).text}:")
        exc = self.r.choice(["ValueError", "RuntimeError", "ZeroDivisionError", "IndexError"])
        self.emit(indent + 1, f'raise {exc}("case {self.fresh("")}")')

    def s_assert(self, sc, indent, depth):
        if self.r.random() < 0.5:
            return self.s_assign(sc, indent, depth)
        self.emit(indent, f"assert {self.cond(Scope(sc), 1).text}")

    def s_earlyreturn(self, sc, indent, depth):
        if self.r.random() < 0.5:
            return self.s_write(sc, indent, depth)
        cond = self.cond(Scope(sc), 1).text
        ret = self.return_stmt(sc)
        self.emit(indent, f"if {cond}:")
        self.emit(indent + 1, ret)

    def s_unpack(self, sc, indent, depth):
        """`x, y = e1, e2` to existing variables (or new ones)."""
        r = self.r
        names = [n for n in sc.vars if n not in sc.readonly]
        targets = [r.choice(names) if names and r.random() < 0.7 else self.fresh("v") for _ in range(2)]
        if targets[0] == targets[1]:
            return self.s_assign(sc, indent, depth)
        values = []
        for n in targets:
            t = sc.vars.get(n) or r.choice([I, F, B])
            values.append((n, t, self.assign_value(sc, t).text))
        for n, t, _ in values:
            sc.vars[n] = t
        self.emit(indent, f"{targets[0]}, {targets[1]} = {values[0][2]}, {values[1][2]}")

    def s_swap(self, sc, indent, depth):
        r = self.r
        # Only at function level: loop indices known in bounds for one array
        # must not start indexing the other.
        if depth != 0:
            return self.s_assign(sc, indent, depth)
        pairs = [
            (a, b)
            for a in sc.arrays
            for b in sc.arrays
            if a < b and sc.arrays[a] == sc.arrays[b] and a not in sc.readonly and b not in sc.readonly
        ]
        if pairs and r.random() < 0.7:
            a, b = r.choice(pairs)
            self.emit(indent, f"{a}, {b} = {b}, {a}")
            return
        pairs = [
            (a, b)
            for a in sc.vars
            for b in sc.vars
            if a < b and sc.vars[a] == sc.vars[b] and a not in sc.readonly and b not in sc.readonly
        ]
        if pairs:
            a, b = r.choice(pairs)
            self.emit(indent, f"{a}, {b} = {b}, {a}")
        else:
            self.s_assign(sc, indent, depth)

    def return_stmt(self, sc: Scope) -> str:
        ret = self.ret
        if ret is None:
            return "return"
        if isinstance(ret, tuple):
            return "return " + ", ".join(self.ret_item(sc, t) for t in ret)
        return "return " + self.ret_item(sc, ret)

    def ret_item(self, sc: Scope, t: str) -> str:
        if t in ARRAY_KINDS:
            arrs = [a for a, k in sc.arrays.items() if k == t]
            return self.r.choice(arrs)
        return self.assign_value(sc, t).text


class NoExpr(Exception):
    """No expression of the requested type can be built in this scope."""


class ModuleGen:
    def __init__(self, seed: int, prefix: str = "f", avoid: frozenset = frozenset()):
        self.avoid = avoid
        self.r = random.Random(seed)
        self.seed = seed
        self.prefix = prefix
        self.constants: list[tuple[str, str, object]] = []
        self.helpers: list[Helper] = []

    # -- parameters and inputs ---------------------------------------------
    def param_types(self, n: int, arrays: bool = True) -> list[str]:
        r = self.r
        pool = [I, I, F, F, B] + (list(ARRAY_KINDS) * 2 if arrays else [])
        return [r.choice(pool) for _ in range(n)]

    def make_input(self, t: str):
        r = self.r
        if t == I:
            return r.choice([0, 1, 2, 3, 4, 5, -1, -2, -3, 7, 10, -10, 12, 20])
        if t == F:
            if r.random() < 0.12:
                return r.choice([math.inf, -math.inf, math.nan, 1e300, -1e300, 5e-324, -0.0])
            return r.choice([0.0, 0.5, -0.5, 1.0, -1.0, 1.5, 2.0, -2.5, 3.75, 10.0, 0.1, -7.25, 100.0])
        if t == B:
            return r.choice([True, False])
        dtype = np.float64 if t[0] == "f" else np.int64
        # Empty arrays are rare: most code indexes `% a.shape[k]`, which
        # raises ZeroDivisionError on them before anything else runs.
        if ndim(t) == 1:
            shape = (0 if r.random() < 0.06 else r.randint(1, 6),)
        else:
            shape = tuple(0 if r.random() < 0.04 else r.randint(1, 4) for _ in range(2))
        n = int(np.prod(shape))
        if dtype is np.float64:
            pool = [0.0, 0.5, -0.5, 1.0, -1.0, 1.5, 2.0, -2.5, 3.75, 10.0, -7.25]
            if r.random() < 0.2:
                pool += [math.inf, -math.inf, math.nan, -0.0, 1e300]
            vals = [r.choice(pool) for _ in range(n)]
        else:
            vals = [r.randint(-10, 10) for _ in range(n)]
        arr = np.array(vals, dtype=dtype).reshape(shape)
        if ndim(t) == 2 and r.random() < 0.3:
            arr = np.asfortranarray(arr)
        return arr

    # -- functions --------------------------------------------------------
    def function(self, name: str, params: list[tuple[str, str]], ret, helpers: list[Helper], defaults=None) -> str:
        fg = FuncGen(self, ret, helpers)
        sc = Scope()
        for p, t in params:
            if t in ARRAY_KINDS:
                sc.arrays[p] = t
            else:
                sc.vars[p] = t
        # Local arrays: zeros/ones/empty (the latter filled right away).
        needs = [t for t in (ret if isinstance(ret, tuple) else (ret,)) if t in ARRAY_KINDS]
        for k in needs + [k for k in ARRAY_KINDS if self.r.random() < 0.15]:
            self.local_array(fg, sc, k)
        for _ in range(self.r.randint(1, 3)):
            fg.declare(sc, 1)
        fg.block(sc, 1, 0, self.r.randint(2, 6))
        if ret is not None:
            fg.emit(1, fg.return_stmt(sc))
        defaults = defaults or {}
        head = f"def {name}({', '.join(p + ('=' + defaults[p] if p in defaults else '') for p, _ in params)}):"
        return "\n".join([head] + fg.lines) + "\n"

    def local_array(self, fg: FuncGen, sc: Scope, kind: str) -> None:
        r = self.r
        name = fg.fresh("t")
        dims = []
        for _ in range(ndim(kind)):
            src = [f"{a}.shape[{ax}]" for a, k in sc.arrays.items() for ax in range(ndim(k))]
            if src and r.random() < 0.6:
                dims.append(r.choice(src))
            else:
                dims.append(f"{fg.expr(sc, I, 1).par()} % 6" + (" + 1" if r.random() < 0.85 else ""))
        shape = dims[0] if len(dims) == 1 and r.random() < 0.5 else "(" + ", ".join(dims) + ("," if len(dims) == 1 else "") + ")"
        ctor = r.choice(["zeros", "zeros", "ones", "empty"])
        dtype = "" if kind[0] == "f" and r.random() < 0.5 else (", dtype=np.float64" if kind[0] == "f" else ", dtype=np.int64")
        fg.emit(1, f"{name} = np.{ctor}({shape}{dtype})")
        if ctor == "empty":
            idx = []
            for ax in range(ndim(kind)):
                i = fg.fresh("k")
                fg.emit(1 + ax, f"for {i} in range({name}.shape[{ax}]):")
                idx.append(i)
            val = " + ".join(idx) if kind[0] == "i" else f"0.5 * ({' - '.join(idx)})"
            fg.emit(1 + ndim(kind), f"{name}[{', '.join(idx)}] = {val}")
        sc.arrays[name] = kind

    def return_type(self, params) -> object:
        r = self.r
        x = r.random()
        scalar = lambda: r.choice([I, I, F, F, B, I8, F8, NB])  # noqa: E731
        if x < 0.45:
            return scalar()
        if x < 0.65:
            return tuple(scalar() for _ in range(r.choice([2, 3])))
        if x < 0.8:
            return r.choice(ARRAY_KINDS)
        if x < 0.9:
            return (r.choice(ARRAY_KINDS), scalar())
        return None

    def helper(self, idx: int) -> Helper:
        r = self.r
        if r.random() < 0.25:
            return self.recursive_helper(idx)
        name = f"_{self.prefix}h{idx}"
        ptypes = self.param_types(r.randint(1, 3), arrays=r.random() < 0.4)
        params = [(f"p{j}", t) for j, t in enumerate(ptypes)]
        # A default value for the last parameter, when it is a scalar.
        defaults = {}
        if params[-1][1] in (I, F, B) and r.random() < 0.4:
            defaults[params[-1][0]] = FuncGen(self, None, []).lit(params[-1][1]).text
        ret = r.choice([I, F, F, B, I8, F8])
        for _ in range(20):
            try:
                src = self.function(name, params, ret, [h for h in self.helpers], defaults)
                break
            except NoExpr:
                ret = r.choice([I, F, B])
        else:
            raise NoExpr(ret)
        return Helper(name, params, ret, src, defaults)

    def recursive_helper(self, idx: int) -> Helper:
        """`def _r(n, x): if n <= 0: return x; return _r(n - 1, <x, n>)`:
        recursion at most 7 deep (callers pass `abs(e) % 8`)."""
        r = self.r
        name = f"_{self.prefix}r{idx}"
        t = r.choice([I, F, F])
        fg = FuncGen(self, t, [])
        sc = Scope()
        sc.vars["n"] = I
        sc.vars["x"] = t
        step = fg.assign_value(sc, t).text
        base = r.choice(["x", fg.assign_value(sc, t).text])
        src = (
            f"def {name}(n, x):\n"
            f"    if n <= 0:\n"
            f"        return {base}\n"
            f"    return {name}(n - 1, {step})\n"
        )
        return Helper(name, [("n", "recn"), ("x", t)], t, src)

    def program(self, idx: int) -> Program:
        r = self.r
        name = f"{self.prefix}{idx}"
        for _ in range(50):
            ptypes = self.param_types(r.randint(0, 4))
            params = [(f"{'a' if t in ARRAY_KINDS else 'x'}{j}", t) for j, t in enumerate(ptypes)]
            ret = self.return_type(params)
            try:
                src = self.function(name, params, ret, self.helpers)
                break
            except NoExpr:
                continue
        else:
            raise RuntimeError("could not generate a program")
        spec = f"#pythran export {name}({', '.join(SPEC[t] for _, t in params)})"
        inputs = [tuple(self.make_input(t) for _, t in params) for _ in range(r.choice([3, 4, 5]))]
        return Program(name, params, spec, inputs, src)


HEADER = '''"""Random program module (tests/randprog.py, seed {seed}{avoid}). Generated: do not edit."""
import math

import numpy as np

'''


#: Constructs `avoid` can switch off, to look past a known kiln bug in a long
#: run (the default run never avoids anything).
AVOIDABLE = {
    "negpow": "int ** negative constant",
}


def generate_module(seed: int, nfuncs: int, prefix: str = "f", avoid=frozenset()) -> tuple[str, list[Program]]:
    """The source of one module with `nfuncs` exported functions, and the
    programs (name, spec, inputs) to call. `avoid` names constructs (keys of
    `AVOIDABLE`) not to generate."""
    unknown = set(avoid) - set(AVOIDABLE)
    if unknown:
        raise ValueError(f"unknown constructs to avoid: {sorted(unknown)}; known: {sorted(AVOIDABLE)}")
    g = ModuleGen(seed, prefix, frozenset(avoid))
    parts = []
    for c in range(g.r.randint(0, 2)):
        if g.r.random() < 0.5:
            v = g.r.choice([2, 3, 5, 7, 11])
            g.constants.append((f"K{c}", I, v))
            parts.append(f"K{c} = {v}\n")
        else:
            v = g.r.choice([0.25, 1.5, 2.0, 6.5])
            g.constants.append((f"K{c}", F, v))
            parts.append(f"K{c} = {v}\n")
    helpers_src = []
    for h in range(g.r.randint(0, 3)):
        try:
            hp = g.helper(h)
        except NoExpr:
            continue
        g.helpers.append(hp)
        helpers_src.append(hp.source)
    programs = [g.program(i) for i in range(nfuncs)]
    specs = "\n".join(p.spec for p in programs) + "\n"
    body = "\n\n".join(helpers_src + [p.source for p in programs])
    avoid_text = f", avoid {','.join(sorted(avoid))}" if avoid else ""
    src = HEADER.format(seed=seed, avoid=avoid_text) + specs + "".join(parts) + "\n\n" + body
    return src, programs


if __name__ == "__main__":
    seed = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    avoid = frozenset(a for a in (sys.argv[3] if len(sys.argv) > 3 else "").split(",") if a)
    src, progs = generate_module(seed, n, avoid=avoid)
    print(src)
    for p in progs:
        for args in p.inputs:
            print("# " + f"{p.name}{args!r}".replace("\n", " "))
