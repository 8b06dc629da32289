"""Calls that match no exported signature raise TypeError in a kiln module.

CPython would just run the Python, so these cannot be differential `#runas`
tests; instead this file compiles a small module (inline below) and asserts
kiln's message exactly (`str(exc)`, no trailing newline):

    Invalid call to kiln function `f(int64[:] (is a view))`
    Candidates are:
        - f(float64[:])

How an actual argument is written (the rules these tests pin down):
- Python scalars by type name: `int`, `float`, `bool`, `str`, `None`; NumPy
  scalars by dtype name (`float64`);
- arrays as `<dtype>[:,...,:]` with one `:` per dimension, no spaces
  (`float64[:,:]`), followed by a note:
  ` (is strided)` if the array is not contiguous (for 2-D: neither C- nor
  Fortran-contiguous), else ` (is a view)` if it does not own its data (NumPy's
  `a.base is not None`), else nothing;
- positional arguments separated by `, `, then keyword arguments as
  `name=<type>` (kiln accepts no keyword arguments);
- candidates: one `    - name(spec, ...)` line per exported overload, in
  declaration order, each spec written as in the export line.

Calls that do match must still work (positive controls at the end), including
views, strided views to a `[::]` spec and Fortran-ordered 2-D arrays.
"""

import textwrap

import numpy as np
import pytest

import kilntest

SOURCE = textwrap.dedent(
    """
    #pythran export f(float64[:])
    #pythran export g(int)
    #pythran export h(float64[:], int)
    #pythran export k(float64[:])
    #pythran export k(int64[:])
    #pythran export m(float64[:,:])
    #pythran export s(float64[::])
    #pythran export z()


    def f(a):
        return a[0]


    def g(n):
        return n + 1


    def h(a, n):
        return a[n]


    def k(a):
        return a[0] + a[0]


    def m(a):
        return a[0, 1]


    def s(a):
        return a[1]


    def z():
        return 1
    """
).lstrip()

MODULE_NAME = "kiln_call_errors"

pytestmark = pytest.mark.skipif(
    kilntest.cpython_only(), reason="kiln-only behaviour (KILN_HARNESS_CPYTHON_ONLY=1)"
)


def source_path():
    """Write SOURCE under tests/.build/src/ (only when it changed, so the build
    cache stays valid)."""
    path = kilntest.BUILD_DIR / "src" / f"{MODULE_NAME}.py"
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_text() != SOURCE:
        path.write_text(SOURCE)
    return path


@pytest.fixture(scope="module")
def kmod():
    build = kilntest.builder().get(source_path())
    if build.failure_text():
        pytest.fail(build.failure_text(), pytrace=False)
    return build.module


@pytest.fixture(scope="module")
def pymod():
    return kilntest.import_python(source_path(), MODULE_NAME + "__py")


def message(call, *candidates):
    lines = [f"Invalid call to kiln function `{call}`", "Candidates are:"]
    lines += [f"    - {c}" for c in candidates]
    return "\n".join(lines)


F = "f(float64[:])"
H = "h(float64[:], int)"
M = "m(float64[:,:])"

# (id, call expression, expected message)
BAD_CALLS = [
    ("wrong-dtype", "f(np.arange(5))", message("f(int64[:])", F)),
    ("wrong-dtype-view", "f(np.arange(10)[2:])", message("f(int64[:] (is a view))", F)),
    ("float32", "f(np.zeros(3, dtype=np.float32))", message("f(float32[:])", F)),
    ("bool-array", "f(np.zeros(3, dtype=bool))", message("f(bool[:])", F)),
    ("wrong-ndim-2d", "f(np.zeros((2, 3)))", message("f(float64[:,:])", F)),
    ("wrong-ndim-3d", "m(np.zeros((2, 3, 4)))", message("m(float64[:,:,:])", M)),
    ("wrong-ndim-1d", "m(np.zeros(3))", message("m(float64[:])", M)),
    ("strided-1d", "f(np.zeros(10)[::2])", message("f(float64[:] (is strided))", F)),
    ("strided-reversed", "f(np.zeros(10)[::-1])", message("f(float64[:] (is strided))", F)),
    ("strided-2d", "m(np.zeros((4, 6))[:, ::2])", message("m(float64[:,:] (is strided))", M)),
    ("int32-2d", "m(np.zeros((4, 6), dtype=np.int32))", message("m(int32[:,:])", M)),
    ("strided-wrong-dtype", "s(np.arange(10)[::2])", message("s(int64[:] (is strided))", "s(float64[::])")),
    ("int-for-array", "f(1)", message("f(int)", F)),
    ("float-for-array", "f(1.5)", message("f(float)", F)),
    ("str-for-array", "f('abc')", message("f(str)", F)),
    ("none-for-array", "f(None)", message("f(None)", F)),
    ("numpy-scalar-for-array", "f(np.float64(1.0))", message("f(float64)", F)),
    ("float-for-int", "g(1.5)", message("g(float)", "g(int)")),
    ("str-for-int", "g('3')", message("g(str)", "g(int)")),
    ("array-for-int", "g(np.zeros(3))", message("g(float64[:])", "g(int)")),
    ("too-few", "h(np.zeros(3))", message("h(float64[:])", H)),
    ("too-few-none", "f()", message("f()", F)),
    ("too-many", "f(np.zeros(3), 1)", message("f(float64[:], int)", F)),
    ("too-many-noargs", "z(1)", message("z(int)", "z()")),
    ("second-arg-wrong", "h(np.zeros(3), 2.0)", message("h(float64[:], float)", H)),
    ("keyword", "h(np.zeros(3), n=1)", message("h(float64[:], n=int)", H)),
    ("keyword-only", "f(a=np.zeros(3))", message("f(a=float64[:])", F)),
    (
        "overloads-listed-in-order",
        "k(np.zeros(3, dtype=np.float32))",
        message("k(float32[:])", "k(float64[:])", "k(int64[:])"),
    ),
]


@pytest.mark.parametrize("call, expected", [c[1:] for c in BAD_CALLS], ids=[c[0] for c in BAD_CALLS])
def test_bad_call_message(kmod, call, expected):
    ns = {"np": np, **{n: getattr(kmod, n) for n in "f g h k m s z".split()}}
    with pytest.raises(TypeError) as info:
        eval(call, ns)
    assert str(info.value) == expected


GOOD_CALLS = [
    ("contiguous", "f(np.arange(4.0) + 1.0)"),
    ("contiguous-view", "f(np.arange(10.0)[3:])"),
    ("strided-spec-contiguous", "s(np.arange(5.0))"),
    ("strided-spec-strided", "s(np.arange(10.0)[::3])"),
    ("strided-spec-reversed", "s(np.arange(10.0)[::-1])"),
    ("fortran-2d", "m(np.arange(12.0).reshape(3, 4).T)"),
    ("c-2d", "m(np.arange(12.0).reshape(3, 4))"),
    ("int", "g(41)"),
    ("two-args", "h(np.arange(4.0), -1)"),
    ("overload-1", "k(np.arange(3.0) + 0.5)"),
    ("overload-2", "k(np.arange(3) + 2)"),
    ("no-args", "z()"),
]


@pytest.mark.parametrize("call", [c[1] for c in GOOD_CALLS], ids=[c[0] for c in GOOD_CALLS])
def test_good_call_matches_cpython(kmod, pymod, call):
    def run(mod):
        ns = {"np": np, **{n: getattr(mod, n) for n in "f g h k m s z".split()}}
        return eval(call, ns)

    assert kilntest.diff_values(run(pymod), run(kmod)) == []
