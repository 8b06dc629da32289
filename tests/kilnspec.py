"""A small reader of `#pythran export` specs, used to check case files.

kiln's compiled functions reject a call whose arguments match none of the
exported signatures (TypeError), while CPython runs anything. A `#runas` that
passes, say, an int where the spec says `float` would therefore always fail
under kiln for a reason that has nothing to do with what the case tests. The
harness wraps the CPython-side functions with `Exports.describe_mismatch` to
catch such case-file bugs in every mode, CPython-only included.

The matching rules follow the runtime's trampoline (runtime/src/pyglue.rs):
- `int`: a Python int (not bool) in int64 range, or a NumPy integer scalar;
  `float`: a Python float (np.float64 included), not an int; `bool`: a bool;
  `complex`, `str`, `None` likewise; sized scalars (`float32`, ...): a NumPy
  scalar of that dtype (sized ints and floats also take Python ints/floats);
- arrays: an ndarray of exactly that dtype and number of dimensions; with
  only `:` dimensions it must be C-contiguous, or Fortran-contiguous for a
  plain 2-D spec (`order(C)`/`order(F)` force one); a `::` dimension accepts
  any layout (looser than kiln may be); a fixed dimension must match;
- tuples, lists, sets and dicts element by element; `A or B` either one;
  trailing `T?` arguments may be left out; keyword arguments never match.

Invariant: this module only reads text and inspects values; it knows nothing of
kiln's internals, so it can be wrong only where the rules above are.
"""

from __future__ import annotations

import dataclasses
import re

import numpy as np

_TOKEN = re.compile(r"\s*(?:(?P<id>[A-Za-z_]\w*)|(?P<num>\d+)|(?P<p>[()\[\],:?]))")

_ARRAY_DTYPES = {
    "bool": "bool", "int": "int64", "float": "float64", "complex": "complex128",
    "intc": "intc", "intp": "intp", "uintc": "uintc", "uintp": "uintp",
}
for _n in ("int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
           "float32", "float64", "complex64", "complex128"):
    _ARRAY_DTYPES[_n] = _n
_SCALARS = set(_ARRAY_DTYPES) | {"str", "None"}


class SpecSyntaxError(Exception):
    pass


@dataclasses.dataclass(frozen=True)
class Scalar:
    name: str


@dataclasses.dataclass(frozen=True)
class Array:
    dtype: str
    dims: tuple  # each ":" (contiguous), "::" (strided) or an int (fixed size)
    order: str | None


@dataclasses.dataclass(frozen=True)
class Tuple:
    items: tuple


@dataclasses.dataclass(frozen=True)
class Container:
    kind: str  # "list" | "set" | "dict"
    items: tuple  # (elem,) or (key, value)


@dataclasses.dataclass(frozen=True)
class Alternatives:
    options: tuple


@dataclasses.dataclass(frozen=True)
class Signature:
    name: str
    args: tuple
    required: int

    def text(self) -> str:
        shown = [show(a) + ("?" if i >= self.required else "") for i, a in enumerate(self.args)]
        return f"{self.name}({', '.join(shown)})"


def show(t) -> str:
    if isinstance(t, Scalar):
        return t.name
    if isinstance(t, Array):
        s = f"{t.dtype}[{','.join(str(d) for d in t.dims)}]"
        return s + (f" order({t.order})" if t.order else "")
    if isinstance(t, Tuple):
        return "(" + ", ".join(show(i) for i in t.items) + ")"
    if isinstance(t, Container):
        if t.kind == "dict":
            return f"{show(t.items[0])}:{show(t.items[1])} dict"
        return f"{show(t.items[0])} {t.kind}"
    return " or ".join(show(o) for o in t.options)


class _Parser:
    def __init__(self, text: str):
        self.toks = []
        pos = 0
        text = text.rstrip()
        while pos < len(text):
            m = _TOKEN.match(text, pos)
            if not m or m.end() == pos:
                raise SpecSyntaxError(f"unexpected text {text[pos:]!r}")
            self.toks.append(m.group("id") or m.group("num") or m.group("p"))
            pos = m.end()
        self.i = 0

    def peek(self, k: int = 0):
        return self.toks[self.i + k] if self.i + k < len(self.toks) else None

    def take(self, expected=None):
        t = self.peek()
        if t is None or (expected is not None and t != expected):
            raise SpecSyntaxError(f"expected {expected or 'more'}, got {t!r}")
        self.i += 1
        return t

    def export_items(self):
        """`name`, `name(args)` items separated by commas (variables skipped)."""
        sigs = []
        while self.peek() is not None:
            name = self.take()
            if name == "capsule":
                name = self.take()
            if self.peek() == "(":
                self.take("(")
                args, required = [], None
                while self.peek() != ")":
                    t = self.alternatives()
                    if self.peek() == "?":
                        self.take("?")
                        required = len(args) if required is None else required
                    args.append(t)
                    if self.peek() == ",":
                        self.take(",")
                self.take(")")
                sigs.append(Signature(name, tuple(args), len(args) if required is None else required))
            if self.peek() == ",":
                self.take(",")
        return sigs

    def alternatives(self):
        opts = [self.type_()]
        while self.peek() == "or":
            self.take("or")
            opts.append(self.type_())
        return opts[0] if len(opts) == 1 else Alternatives(tuple(opts))

    def type_(self):
        if self.peek() == "(":
            self.take("(")
            items = []
            while self.peek() != ")":
                items.append(self.alternatives())
                if self.peek() == ",":
                    self.take(",")
            self.take(")")
            t = Tuple(tuple(items))
        else:
            name = self.take()
            if name not in _SCALARS:
                raise SpecSyntaxError(f"unknown type {name!r}")
            t = Scalar(name)
        while True:
            p = self.peek()
            if p == "[":
                t = self.array_dims(t)
            elif p in ("list", "set"):
                self.take()
                t = Container(p, (t,))
            elif p == ":" and self.peek(1) not in (None,):
                self.take(":")
                v = self.type_()
                self.take("dict")
                return Container("dict", (t, v))
            else:
                return t

    def array_dims(self, t):
        if not isinstance(t, (Scalar, Array)):
            raise SpecSyntaxError("arrays of containers are not supported here")
        dims = list(t.dims) if isinstance(t, Array) else []
        self.take("[")
        piece: list[str] = []
        group: list[list[str]] = []
        while self.peek() != "]":
            tok = self.take()
            if tok == ",":
                group.append(piece)
                piece = []
            else:
                piece.append(tok)
        self.take("]")
        group.append(piece)
        for p in group:
            s = "".join(p)
            dims.append(":" if s in ("", ":") else "::" if s == "::" else int(s))
        order = None
        if self.peek() == "order":
            self.take("order")
            self.take("(")
            order = self.take()
            self.take(")")
        dtype = t.dtype if isinstance(t, Array) else _ARRAY_DTYPES.get(t.name)
        if dtype is None:
            raise SpecSyntaxError(f"no array of {show(t)}")
        return Array(dtype, tuple(dims), order)


def parse_export_text(text: str) -> list[Signature]:
    """Signatures of the text after `export` on one logical export line."""
    return _Parser(text).export_items()


def _accepts(t, v) -> bool:
    if isinstance(t, Alternatives):
        return any(_accepts(o, v) for o in t.options)
    if isinstance(t, Scalar):
        n = t.name
        if n == "None":
            return v is None
        if n == "bool":
            return isinstance(v, (bool, np.bool_))
        if n == "str":
            return isinstance(v, str)
        if isinstance(v, (bool, np.bool_)):
            return False
        if n == "int":
            return (type(v) is int and -(2**63) <= v < 2**63) or isinstance(v, np.integer)
        if n == "float":
            return isinstance(v, float)
        if n == "complex":
            return isinstance(v, complex)
        dt = np.dtype(_ARRAY_DTYPES[n])
        if isinstance(v, np.generic):
            return v.dtype == dt
        return (dt.kind in "iu" and type(v) is int) or (dt.kind == "f" and type(v) is float) or (dt.kind == "c" and type(v) is complex)
    if isinstance(t, Array):
        if not isinstance(v, np.ndarray) or v.dtype != np.dtype(t.dtype) or v.ndim != len(t.dims):
            return False
        if not v.dtype.isnative:
            return False
        for d, n in zip(t.dims, v.shape):
            if isinstance(d, int) and d != n:
                return False
        if "::" in t.dims:
            return True
        c, f = v.flags.c_contiguous, v.flags.f_contiguous
        if t.order == "C":
            return c
        if t.order == "F":
            return f
        return c or (f and v.ndim == 2)
    if isinstance(t, Tuple):
        return isinstance(v, tuple) and len(v) == len(t.items) and all(map(_accepts, t.items, v))
    if isinstance(t, Container):
        if t.kind == "list":
            return isinstance(v, list) and all(_accepts(t.items[0], x) for x in v)
        if t.kind == "set":
            return isinstance(v, set) and all(_accepts(t.items[0], x) for x in v)
        return isinstance(v, dict) and all(_accepts(t.items[0], k) and _accepts(t.items[1], x) for k, x in v.items())
    return False


@dataclasses.dataclass
class Exports:
    signatures: dict  # name -> [Signature]

    @classmethod
    def from_texts(cls, texts) -> "Exports":
        sigs: dict[str, list[Signature]] = {}
        for text in texts:
            for s in parse_export_text(text):
                sigs.setdefault(s.name, []).append(s)
        return cls(sigs)

    def accepts(self, name: str, args: tuple, kwargs: dict) -> bool:
        if kwargs:
            return False
        for s in self.signatures.get(name, []):
            if s.required <= len(args) <= len(s.args) and all(_accepts(t, v) for t, v in zip(s.args, args)):
                return True
        return False

    def describe_mismatch(self, name: str, args: tuple, kwargs: dict) -> str | None:
        """None if the call matches an export of `name`, else a description."""
        if self.accepts(name, args, kwargs):
            return None
        shown = [_value_text(a) for a in args] + [f"{k}={_value_text(v)}" for k, v in kwargs.items()]
        cands = "; ".join(s.text() for s in self.signatures.get(name, [])) or "none"
        return f"{name}({', '.join(shown)}) matches no export (candidates: {cands})"


def _value_text(v) -> str:
    if isinstance(v, np.ndarray):
        layout = "C" if v.flags.c_contiguous else "F" if v.flags.f_contiguous else "strided"
        return f"{v.dtype}{list(v.shape)} {layout}"
    if isinstance(v, tuple):
        return "(" + ", ".join(_value_text(x) for x in v) + ")"
    return type(v).__name__
