"""Compare an implementation's result with CPython/NumPy's (the reference).

``compare`` walks tuples, lists and dicts recursively and checks, at each leaf:

- the type (strict mode, used for kiln: ``float`` is not ``numpy.float64``),
  or only that both are numbers of a compatible kind (lenient mode, used for
  Pythran, Numba and numexpr, whose return types legitimately differ);
- for arrays: the dtype and the shape;
- the value: integers, booleans and strings exactly; floats and complex
  numbers within ``rtol``/``atol`` (NaNs must match NaNs).

The verdict also says whether the values were bit-identical, so tables can
mark results that are only equal within tolerance (``~``), as anchors.md does.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Verdict:
    ok: bool
    exact: bool = True  # bit-identical (only meaningful when ok)
    why: str = ""  # the first difference found, when not ok


def _fail(path: str, why: str) -> Verdict:
    return Verdict(False, False, f"{path}: {why}")


def _type_name(x) -> str:
    t = type(x)
    return t.__name__ if t.__module__ == "builtins" else f"{t.__module__.split('.')[0]}.{t.__name__}"


def compare(ref, got, *, strict: bool, rtol: float, atol: float, path: str = "result") -> Verdict:
    """Check ``got`` against the reference value ``ref``; see the module docstring."""
    if isinstance(ref, (tuple, list)):
        if strict and type(got) is not type(ref):
            return _fail(path, f"type {_type_name(got)}, expected {_type_name(ref)}")
        if not isinstance(got, (tuple, list)):
            return _fail(path, f"type {_type_name(got)}, expected {_type_name(ref)}")
        if len(got) != len(ref):
            return _fail(path, f"length {len(got)}, expected {len(ref)}")
        exact = True
        for i, (r, g) in enumerate(zip(ref, got)):
            v = compare(r, g, strict=strict, rtol=rtol, atol=atol, path=f"{path}[{i}]")
            if not v.ok:
                return v
            exact &= v.exact
        return Verdict(True, exact)
    if isinstance(ref, dict):
        if not isinstance(got, dict) or (strict and type(got) is not type(ref)):
            return _fail(path, f"type {_type_name(got)}, expected {_type_name(ref)}")
        if set(got) != set(ref):
            return _fail(path, f"keys {sorted(map(repr, got))}, expected {sorted(map(repr, ref))}")
        exact = True
        for k in ref:
            v = compare(ref[k], got[k], strict=strict, rtol=rtol, atol=atol, path=f"{path}[{k!r}]")
            if not v.ok:
                return v
            exact &= v.exact
        return Verdict(True, exact)
    if isinstance(ref, np.ndarray) or isinstance(got, np.ndarray):
        return _compare_arrays(ref, got, strict=strict, rtol=rtol, atol=atol, path=path)
    if isinstance(ref, (bool, int, float, complex, np.generic)):
        return _compare_scalars(ref, got, strict=strict, rtol=rtol, atol=atol, path=path)
    if strict and type(got) is not type(ref):
        return _fail(path, f"type {_type_name(got)}, expected {_type_name(ref)}")
    return Verdict(True) if got == ref else _fail(path, f"{got!r:.60}, expected {ref!r:.60}")


def _compare_arrays(ref, got, *, strict, rtol, atol, path) -> Verdict:
    if strict and type(got) is not type(ref):
        return _fail(path, f"type {_type_name(got)}, expected {_type_name(ref)}")
    if not _is_number_like(got):
        return _fail(path, f"type {_type_name(got)}, expected an array")
    ref, got = np.asarray(ref), np.asarray(got)
    if got.dtype != ref.dtype:
        # Lenient mode accepts another width of the same kind only for 0-d results
        # (numexpr returns 0-d arrays where NumPy returns scalars).
        if strict or ref.ndim or got.dtype.kind != ref.dtype.kind:
            return _fail(path, f"dtype {got.dtype}, expected {ref.dtype}")
    if got.shape != ref.shape:
        return _fail(path, f"shape {got.shape}, expected {ref.shape}")
    return _compare_values(ref, got, rtol=rtol, atol=atol, path=path)


def _compare_scalars(ref, got, *, strict, rtol, atol, path) -> Verdict:
    if strict:
        if type(got) is not type(ref):
            return _fail(path, f"type {_type_name(got)}, expected {_type_name(ref)}")
    elif not _is_number_like(got) or np.asarray(got).shape != ():
        return _fail(path, f"type {_type_name(got)}, expected a number")
    elif np.asarray(got).dtype.kind in "fc" and np.asarray(ref).dtype.kind in "biu":
        return _fail(path, f"float {got!r}, expected integer {ref!r}")
    return _compare_values(np.asarray(ref), np.asarray(got), rtol=rtol, atol=atol, path=path)


def _is_number_like(x) -> bool:
    return isinstance(x, (np.ndarray, np.generic, bool, int, float, complex))


def _compare_values(ref: np.ndarray, got: np.ndarray, *, rtol, atol, path) -> Verdict:
    if ref.dtype.kind in "fc" or got.dtype.kind in "fc":
        if np.array_equal(ref, got, equal_nan=True):
            return Verdict(True, True)
        close = np.isclose(got, ref, rtol=rtol, atol=atol, equal_nan=True)
        if close.all():
            return Verdict(True, False)
        bad = np.argwhere(~close)[0] if close.ndim else ()
        where = f" at index {tuple(int(i) for i in bad)}" if len(bad) else ""
        g, r = got[tuple(bad)], ref[tuple(bad)]
        return _fail(path, f"{int((~close).sum())} value(s) differ{where}: {g!r}, expected {r!r}")
    if np.array_equal(ref, got):
        return Verdict(True, True)
    diff = np.argwhere(ref != got)
    where = f" at index {tuple(int(i) for i in diff[0])}" if ref.ndim and len(diff) else ""
    idx = tuple(diff[0]) if ref.ndim and len(diff) else ()
    return _fail(path, f"values differ{where}: {got[idx]!r}, expected {ref[idx]!r}")
