"""Tests of the differential harness itself (no compiler needed).

A comparator that cannot fail is a defect, so for every comparison rule this
file shows a pair of outcomes the comparator must reject, next to a positive
control it must accept. It also checks the case-file parser, the build cache
(with a fake kiln), and that every file in `tests/cases/` is well formed.
"""

import keyword
import os
import shutil
import stat
import subprocess
import sys
import sysconfig
import textwrap
from pathlib import Path

import numpy as np
import pytest

import kilnspec
import kilntest
from kilntest import Outcome, diff_outcomes, diff_values


def assert_differs(a, b, *fragments):
    problems = diff_values(a, b)
    assert problems, f"comparator accepted {a!r} vs {b!r}"
    text = "\n".join(problems)
    for f in fragments:
        assert f in text, f"{f!r} not in {text!r}"


def assert_same(a, b):
    assert diff_values(a, b) == []


def next_floats(x, n, dtype=np.float64):
    """x moved up by n ULP."""
    v = np.array(x, dtype=dtype)
    for _ in range(n):
        v = np.nextafter(v, np.array(np.inf, dtype=dtype))
    return v


# --------------------------------------------------------------------------
# Types
# --------------------------------------------------------------------------


def test_int_vs_float():
    assert_differs(1, 1.0, "type int != float")
    assert_same(1, 1)


def test_numpy_int_vs_python_int():
    assert_differs(np.int64(3), 3, "numpy.int64 != int")
    assert_differs(np.int32(3), np.int64(3), "numpy.int32 != numpy.int64")
    assert_same(np.int64(3), np.int64(3))


def test_bool_vs_int():
    assert_differs(True, 1, "type bool != int")
    assert_differs(np.True_, True, "numpy.bool != bool")


def test_numpy_float_vs_python_float():
    assert_differs(np.float64(0.5), 0.5, "numpy.float64 != float")
    assert_differs(np.float32(0.5), np.float64(0.5))


def test_none_vs_value():
    assert_differs(None, 0)
    assert_same(None, None)


# --------------------------------------------------------------------------
# Arrays
# --------------------------------------------------------------------------


def test_dtype_difference():
    assert_differs(np.zeros(3), np.zeros(3, dtype=np.float32), "dtype float64 != float32")
    assert_differs(np.zeros(3, dtype=np.int64), np.zeros(3, dtype=np.int32), "dtype int64 != int32")
    assert_same(np.zeros(3), np.zeros(3))


def test_shape_difference():
    assert_differs(np.zeros((2, 3)), np.zeros((3, 2)), "shape (2, 3) != (3, 2)")
    assert_differs(np.zeros(6), np.zeros((1, 6)), "shape")


def test_int_and_bool_arrays_exact():
    a = np.arange(5)
    b = a.copy()
    b[3] = 4
    assert_differs(a, b, "1 of 5 elements differ", "[3]")
    assert_differs(np.array([True, False]), np.array([True, True]))
    assert_same(a, a.copy())


def test_float_array_ulps():
    a = np.linspace(0.1, 10.0, 50)
    one = a.copy()
    one[7] = next_floats(a[7], 1)
    assert_same(a, one)
    four = a.copy()
    four[7] = next_floats(a[7], 4)
    assert_same(a, four)
    five = a.copy()
    five[7] = next_floats(a[7], 5)
    assert_differs(a, five, "5 ULP")
    hundred = a.copy()
    hundred[7] = next_floats(a[7], 100)
    assert_differs(a, hundred, "100 ULP")


def test_float32_array_ulps_are_float32_ulps():
    a = np.linspace(0.1, 10.0, 10, dtype=np.float32)
    b = a.copy()
    b[2] = next_floats(a[2], 2, np.float32)
    assert_same(a, b)
    b[2] = next_floats(a[2], 100, np.float32)
    assert_differs(a, b, "100 ULP")


def test_float_array_nan_inf_and_zero_sign():
    a = np.array([np.nan, np.inf, -np.inf, 0.0])
    assert_same(a, a.copy())
    assert_differs(a, np.array([1.0, np.inf, -np.inf, 0.0]))
    assert_differs(a, np.array([np.nan, np.finfo(np.float64).max, -np.inf, 0.0]))
    assert_differs(a, np.array([np.nan, np.inf, -np.inf, -0.0]))


def test_complex_arrays_componentwise():
    a = np.array([1 + 2j, np.nan + 1j])
    assert_same(a, a.copy())
    assert_differs(a, np.array([1 + 2.001j, np.nan + 1j]))


def test_array_vs_scalar():
    assert_differs(np.array([1.0]), 1.0)
    assert_differs(np.float64(1.0), np.array(1.0))


# --------------------------------------------------------------------------
# Float scalars
# --------------------------------------------------------------------------


def test_float_one_ulp_passes_hundred_fails():
    x = 0.1
    assert_same(x, float(next_floats(x, 1)))
    assert_differs(x, float(next_floats(x, 100)), "100 ULP")


def test_float_ulps_across_zero_and_subnormals():
    assert_same(5e-324, -5e-324)  # 2 ULP apart
    assert_differs(1e-300, -1e-300)


def test_nan_equality():
    assert_same(float("nan"), float("nan"))
    assert_same(float("nan"), -float("nan"))
    assert_same(np.float32("nan"), np.float32("nan"))
    assert_differs(float("nan"), 1.0)
    assert_differs(1.0, float("nan"))


def test_infinities_exact():
    assert_same(float("inf"), float("inf"))
    assert_differs(float("inf"), sys.float_info.max)
    assert_differs(float("inf"), -float("inf"))


def test_signed_zero():
    assert_differs(0.0, -0.0)
    assert_differs(np.float64(-0.0), np.float64(0.0))
    assert_same(-0.0, -0.0)


def test_float32_scalar_ulps():
    x = np.float32(0.3)
    assert_same(x, np.float32(next_floats(x, 3, np.float32)))
    assert_differs(x, np.float32(next_floats(x, 50, np.float32)))


def test_complex_scalars():
    assert_same(1 + 2j, 1 + 2j)
    assert_differs(1 + 2j, 1 - 2j, ".imag")
    assert_differs(1 + 2j, 1.0)


# --------------------------------------------------------------------------
# Containers
# --------------------------------------------------------------------------


def test_tuples_recursive():
    assert_same((1, (2.0, np.zeros(2))), (1, (2.0, np.zeros(2))))
    assert_differs((1, (2.0, 3)), (1, (2.0, 3.0)), "result[1][1]")
    assert_differs((1, 2), (1, 2, 3), "length 2 != 3")
    assert_differs((1, 2), [1, 2], "tuple != list")


def test_lists_dicts_sets():
    assert_differs([1, 2], [2, 1])
    assert_differs({"a": 1, "b": 2}, {"b": 2, "a": 1}, "keys")
    assert_differs({"a": 1}, {"a": 1.0})
    assert_same({1, 2}, {2, 1})
    assert_differs({1, 2}, {1, 3})


# --------------------------------------------------------------------------
# Exceptions and side effects (through run_program, as the tests use them)
# --------------------------------------------------------------------------


def outcome_of(source, **bindings):
    return kilntest.run_program(source, bindings)


def raiser(exc):
    def f(*args):
        raise exc

    return f


def test_same_exception_passes():
    e = outcome_of("f(1)", f=raiser(ValueError("math domain error")))
    a = outcome_of("f(1)", f=raiser(ValueError("math domain error")))
    assert diff_outcomes(e, a) == []


def test_different_exception_type():
    e = outcome_of("f(1)", f=raiser(ValueError("x")))
    a = outcome_of("f(1)", f=raiser(TypeError("x")))
    assert any("exception type" in p for p in diff_outcomes(e, a))


def test_exception_subclass_is_not_enough():
    e = outcome_of("f(1)", f=raiser(ArithmeticError("division by zero")))
    a = outcome_of("f(1)", f=raiser(ZeroDivisionError("division by zero")))
    assert any("exception type" in p for p in diff_outcomes(e, a))


def test_different_exception_message():
    e = outcome_of("f(1)", f=raiser(ZeroDivisionError("division by zero")))
    a = outcome_of("f(1)", f=raiser(ZeroDivisionError("float division by zero")))
    assert any("exception message" in p for p in diff_outcomes(e, a))


def test_missing_exception():
    e = outcome_of("f(1)", f=raiser(IndexError("index 5 is out of bounds for axis 0 with size 5")))
    a = outcome_of("f(1)", f=lambda x: 0.0)
    assert any("CPython raised IndexError" in p for p in diff_outcomes(e, a))
    assert any("kiln raised IndexError" in p for p in diff_outcomes(a, e))


def test_exception_in_setup_is_captured():
    o = outcome_of("a = f(1); a + 1", f=raiser(KeyError("k")))
    assert isinstance(o.exc, KeyError) and o.variables == {}


def mutate(a):
    a[1] = 99.0
    return 0


def no_mutate(a):
    return 0


def test_mutated_argument_difference():
    src = "import numpy as np; a = np.zeros(3); f(a)"
    e = outcome_of(src, f=mutate)
    a = outcome_of(src, f=no_mutate)
    problems = diff_outcomes(e, a)
    assert any("variable 'a' after the call" in p for p in problems), problems
    assert diff_outcomes(e, outcome_of(src, f=mutate)) == []


def test_mutation_before_exception_is_compared():
    def mutate_then_raise(a):
        a[0] = 1.0
        raise IndexError("index 9 is out of bounds for axis 0 with size 3")

    def raise_only(a):
        raise IndexError("index 9 is out of bounds for axis 0 with size 3")

    src = "import numpy as np; a = np.zeros(3); f(a)"
    problems = diff_outcomes(outcome_of(src, f=mutate_then_raise), outcome_of(src, f=raise_only))
    assert any("variable 'a'" in p for p in problems), problems


def test_variables_bound_differ():
    e = Outcome(value=1, variables={"a": 1})
    a = Outcome(value=1, variables={})
    assert any("variables bound" in p for p in diff_outcomes(e, a))


def test_each_run_gets_fresh_state():
    counter = {"n": 0}

    def bump():
        counter["n"] += 1
        return counter["n"]

    o = outcome_of("x = g(); x", g=bump)
    assert o.value == 1 and o.variables == {"x": 1}
    assert "g" not in o.variables  # pre-bound exported names are not compared


def test_warning_registry_is_not_a_variable():
    # A warning issued by the runas code itself (here an overflowing cast, as
    # when a float32 result is rounded to float16) creates `__warningregistry__`
    # in the runas namespace on one side only; it must not count as a variable.
    o = outcome_of("import numpy as np; x = np.float32(1e38).astype(np.float16); x")
    assert set(o.variables) == {"np", "x"}


# --------------------------------------------------------------------------
# Case file parsing
# --------------------------------------------------------------------------


def write_case(tmp_path, text, name="demo.py"):
    p = tmp_path / name
    p.write_text(textwrap.dedent(text).lstrip())
    return p


def test_parse_runas_continuation_and_xfail(tmp_path):
    p = write_case(
        tmp_path,
        """
        #pythran export f(int)
        #pythran export g(float64[:],
        #                 int)
        #runas x = 1; \\
        #     f(x)
        #kiln-xfail: int64 overflow wraps
        #runas f(2)
        def f(x): return x
        def g(a, n): return n
        """,
    )
    case = kilntest.parse_case(p)
    assert case.exports == ("f", "g")
    assert [r.source for r in case.runas] == ["x = 1; f(x)", "f(2)"]
    assert [r.xfail for r in case.runas] == ["int64 overflow wraps", None]
    assert [r.id for r in case.runas] == ["demo.py:4", "demo.py:7"]


def test_parse_kiln_todo(tmp_path):
    p = write_case(tmp_path, "#kiln-todo: reductions of scalars\n#pythran export f(int)\n#runas f(1)\n")
    case = kilntest.parse_case(p)
    assert case.todo == "reductions of scalars"
    assert kilntest.parse_case(write_case(tmp_path, "#runas f(1)\n", name="plain.py")).todo is None


def test_parse_multi_export_line(tmp_path):
    p = write_case(tmp_path, "#pythran export A, f(int or float), capsule h(int)\n#runas f(1)\n")
    assert kilntest.parse_case(p).exports == ("A", "f", "h")


@pytest.mark.parametrize(
    "text, message",
    [
        ("#runas x = 1\n", "must be an expression"),
        ("#runas f(\n", "not valid Python"),
        ("#runas f(1) \\\n", "followed by a `#` line"),
        ("#runas f(1)  #kiln-xfail: no\n", "its own line"),
        ("#kiln-xfail: orphan\n", "directly follow"),
        ("#runas f(1)\n#kiln-xfail:\n", "needs a reason"),
        ("#runasf(1)\n", "malformed runas"),
        ("#kiln-todo:\n#runas f(1)\n", "needs the missing feature"),
        ("#kiln-todo: a\n#kiln-todo: b\n#runas f(1)\n", "only one"),
        ("#kiln-todo: a\n#runas f(1)\n#kiln-xfail: b\n", "cannot also have"),
    ],
)
def test_parse_errors(tmp_path, text, message):
    p = write_case(tmp_path, text)
    with pytest.raises(kilntest.CaseFormatError, match=message):
        kilntest.parse_case(p)


def test_reproduce_hint_prints_the_result():
    assert kilntest._as_printing("a = 1; f(a, 2)") == "a = 1; print(repr(f(a, 2)))"
    assert kilntest._as_printing("f(1)") == "print(repr(f(1)))"


# --------------------------------------------------------------------------
# Export specs (kilnspec): runas calls must match an export
# --------------------------------------------------------------------------


def spec_accepts(export_line, call, **extra):
    exports = kilnspec.Exports.from_texts([export_line])
    ns = {"np": np, **extra}
    name = call.split("(", 1)[0]
    args, kwargs = eval("(lambda *a, **k: (a, k))" + call[len(name) :], ns)
    return exports.accepts(name, args, kwargs)


@pytest.mark.parametrize(
    "export_line, call, ok",
    [
        ("f(int)", "f(1)", True),
        ("f(int)", "f(True)", False),
        ("f(int)", "f(1.0)", False),
        ("f(int)", "f(2**63)", False),
        ("f(float)", "f(1)", False),
        ("f(float)", "f(np.float64(1.0))", True),
        ("f(float)", "f(np.float32(1.0))", False),
        ("f(bool)", "f(True)", True),
        ("f(int or float)", "f(1.5)", True),
        ("f(int, float?)", "f(1)", True),
        ("f(int, float?)", "f(1, 2.0)", True),
        ("f(int, float?)", "f()", False),
        ("f(int)", "f(x=1)", False),
        ("f(float64[:])", "f(np.zeros(3))", True),
        ("f(float64[])", "f(np.zeros(3))", True),
        ("f(float64[:])", "f(np.zeros(6)[::2])", False),
        ("f(float64[::])", "f(np.zeros(6)[::2])", True),
        ("f(float64[:])", "f(np.zeros(3, np.float32))", False),
        ("f(float64[:,:])", "f(np.zeros((2, 3)).T)", True),
        ("f(float64[][])", "f(np.zeros((2, 3)))", True),
        ("f(float64[:,:] order(C))", "f(np.zeros((2, 3)).T)", False),
        ("f(float64[:,:] order(F))", "f(np.zeros((2, 3)).T)", True),
        ("f(float64[:,::])", "f(np.zeros((4, 6))[:, ::2])", True),
        ("f(int64[,,,])", "f(np.zeros((1, 2, 3, 4), np.int64))", True),
        ("f(int64[,,,])", "f(np.zeros((1, 2, 3), np.int64))", False),
        ("f(float64[:,3])", "f(np.zeros((2, 3)))", True),
        ("f(float64[:,3])", "f(np.zeros((3, 2)))", False),
        ("f(int[:])", "f(np.zeros(2, np.int64))", True),
        ("f((int, float))", "f((1, 2.0))", True),
        ("f((int, float))", "f((1, 2))", False),
        ("f(int list)", "f([1, 2])", True),
        ("f(int:float dict)", "f({1: 2.0})", True),
        ("a, f(int), capsule g(float)", "g(1.0)", True),
    ],
)
def test_spec_matching(export_line, call, ok):
    assert spec_accepts(export_line, call) is ok


def test_spec_checker_agrees_with_call_error_tests():
    """test_call_errors.py's expectations, seen from the spec checker."""
    import test_call_errors as tce

    texts = kilntest.export_texts(tce.SOURCE.splitlines())
    exports = kilnspec.Exports.from_texts(texts)
    for label, call, _ in tce.BAD_CALLS:
        name = call.split("(", 1)[0]
        args, kwargs = eval("(lambda *a, **k: (a, k))" + call[len(name) :], {"np": np})
        assert not exports.accepts(name, args, kwargs), label
    for label, call in tce.GOOD_CALLS:
        name = call.split("(", 1)[0]
        args, kwargs = eval("(lambda *a, **k: (a, k))" + call[len(name) :], {"np": np})
        assert exports.accepts(name, args, kwargs), label


def test_runas_calls_are_checked_against_the_specs(tmp_path, monkeypatch):
    monkeypatch.setenv("KILN_HARNESS_CPYTHON_ONLY", "1")
    p = write_case(
        tmp_path,
        """
        #pythran export f(float)
        #runas f(1.0)
        #runas f(1)
        def f(x):
            return x
        """,
        name="selftest_spec.py",
    )
    good, bad = kilntest.parse_case(p).runas
    kilntest.check_runas(good)
    with pytest.raises(pytest.fail.Exception, match=r"(?s)case-file bug.*f\(int\) matches no export"):
        kilntest.check_runas(bad)


# --------------------------------------------------------------------------
# End to end in CPython-only mode: determinism is checked
# --------------------------------------------------------------------------


def test_cpython_only_mode_catches_nondeterminism(tmp_path, monkeypatch):
    monkeypatch.setenv("KILN_HARNESS_CPYTHON_ONLY", "1")
    p = write_case(
        tmp_path,
        """
        #pythran export f(float64[:])
        #runas import numpy as np; np.random.seed(0); f(np.random.rand(3))
        #runas import numpy as np; f(np.random.rand(3))
        def f(a):
            return a[0] * 2.0
        """,
        name="selftest_nondet.py",
    )
    seeded, unseeded = kilntest.parse_case(p).runas
    kilntest.check_runas(seeded)
    with pytest.raises(kilntest.KilnMismatch, match="disagree"):
        kilntest.check_runas(unseeded)


# --------------------------------------------------------------------------
# Building (with a fake kiln)
# --------------------------------------------------------------------------


def fake_kiln(tmp_path, body):
    exe = tmp_path / "fake-kiln"
    exe.write_text("#!/bin/sh\n" + body + "\n")
    exe.chmod(exe.stat().st_mode | stat.S_IXUSR)
    return exe


def test_build_failure_reports_command_and_diagnostics(tmp_path, monkeypatch):
    monkeypatch.setenv("KILN", str(fake_kiln(tmp_path, 'echo "error: unsupported construct at 3:5" >&2; exit 2')))
    src = write_case(tmp_path, "#runas 1\n", name="bad_mod.py")
    b = kilntest.Builder(build_dir=tmp_path / "build")
    try:
        build = b.get(src)
    finally:
        b.shutdown()
    text = build.failure_text()
    assert "unsupported construct at 3:5" in text
    assert "fake-kiln" in text and "-o" in text and "exit status: 2" in text


@pytest.mark.parametrize(
    "message, expected",
    [("error: `np.sum` of a value of type int is not supported yet", kilntest.KilnUnsupported),
     ("error: internal compiler error", pytest.fail.Exception)],
)
def test_kiln_todo_expects_not_supported_yet(tmp_path, monkeypatch, message, expected):
    monkeypatch.setenv("KILN", str(fake_kiln(tmp_path, f'echo "{message}" >&2; exit 1')))
    builder = kilntest.Builder(build_dir=tmp_path / "build")
    monkeypatch.setattr(kilntest, "_BUILDER", builder)
    p = write_case(
        tmp_path,
        """
        #kiln-todo: reductions of scalars
        #pythran export f(int)
        #runas f(1)
        import numpy as np
        def f(x):
            return np.sum(x)
        """,
        name="selftest_todo.py",
    )
    try:
        (r,) = kilntest.parse_case(p).runas
        with pytest.raises(expected):
            kilntest.check_runas(r)
    finally:
        builder.shutdown()


def test_build_without_output_is_a_failure(tmp_path, monkeypatch):
    monkeypatch.setenv("KILN", str(fake_kiln(tmp_path, "exit 0")))
    src = write_case(tmp_path, "#runas 1\n", name="silent_mod.py")
    b = kilntest.Builder(build_dir=tmp_path / "build")
    try:
        assert "wrote no" in b.get(src).failure_text()
    finally:
        b.shutdown()


def test_build_cache_and_rebuild(tmp_path, monkeypatch):
    log = tmp_path / "calls.log"
    # "Compiles" by copying the source to the output: enough for the cache logic;
    # importing it then fails, which must be reported as an import error.
    exe = fake_kiln(tmp_path, f'echo "$@" >> {log}; cp "$1" "$3"')
    monkeypatch.setenv("KILN", str(exe))
    src = write_case(tmp_path, "#runas 1\n", name="cached_mod.py")
    calls = lambda: len(log.read_text().splitlines()) if log.exists() else 0  # noqa: E731

    def session(rebuild=False):
        b = kilntest.Builder(rebuild=rebuild, build_dir=tmp_path / "build")
        try:
            return b.get(src)
        finally:
            b.shutdown()

    first = session()
    assert first.ok and not first.cached and calls() == 1
    assert "import" in first.failure_text()
    assert session().cached and calls() == 1
    assert not session(rebuild=True).cached and calls() == 2
    src.write_text(src.read_text() + "# changed\n")
    assert not session().cached and calls() == 3
    os.utime(exe, ns=(exe.stat().st_atime_ns, exe.stat().st_mtime_ns + 10**9))
    assert not session().cached and calls() == 4


def test_missing_kiln_is_reported(tmp_path, monkeypatch):
    monkeypatch.setenv("KILN", str(tmp_path / "does-not-exist"))
    src = write_case(tmp_path, "#runas 1\n", name="nokiln_mod.py")
    b = kilntest.Builder(build_dir=tmp_path / "build")
    try:
        assert "not found" in b.get(src).failure_text()
    finally:
        b.shutdown()


# --------------------------------------------------------------------------
# End to end with a real extension module (tests/fake_kiln.py stands in for kiln)
# --------------------------------------------------------------------------

HAVE_CC = shutil.which(os.environ.get("CC", "cc")) is not None and (
    Path(sysconfig.get_paths()["include"]) / "Python.h"
).exists()


@pytest.mark.skipif(not HAVE_CC, reason="needs a C compiler and the Python headers")
def test_end_to_end_with_fake_kiln(tmp_path, monkeypatch):
    monkeypatch.delenv("KILN_HARNESS_CPYTHON_ONLY", raising=False)
    monkeypatch.setenv("KILN", str(kilntest.TESTS_DIR / "fake_kiln.sh"))
    monkeypatch.setenv("PYTHON", sys.executable)
    builder = kilntest.Builder(build_dir=tmp_path / "build")
    monkeypatch.setattr(kilntest, "_BUILDER", builder)
    # The "compiled" module sees __name__ == "selftest_e2e" and misbehaves on
    # purpose for some inputs; the plain-Python import is "selftest_e2e__py".
    path = write_case(
        tmp_path,
        '''
        #pythran export f(int)
        #pythran export g(float64[:])
        #runas f(3)
        #runas import numpy as np; a = np.zeros(3); g(a); a
        #runas f(-1)
        #runas import numpy as np; a = np.ones(3); g(a)
        #runas f(-2)
        #kiln-xfail: demonstrates an expected divergence
        COMPILED = not __name__.endswith("__py")


        def f(x):
            if x < 0 and COMPILED:
                return x * 1.0
            return x


        def g(a):
            a[0] = 1.0
            if a[1] == 1.0 and COMPILED:
                a[2] = 5.0
        ''',
        name="selftest_e2e.py",
    )
    try:
        build = builder.get(path)
        assert build.failure_text() == ""
        assert build.module.__name__ == "selftest_e2e"
        assert build.module.__file__.endswith(kilntest.EXT_SUFFIX)
        same_int, same_mutation, int_vs_float, mutation, xfailing = kilntest.parse_case(path).runas
        kilntest.check_runas(same_int)
        kilntest.check_runas(same_mutation)
        with pytest.raises(kilntest.KilnMismatch) as info:
            kilntest.check_runas(int_vs_float)
        text = str(info.value)
        assert "result: type int != float" in text and "fake_kiln.sh" in text
        reproduce = text.split("reproduce: ", 1)[1].splitlines()[0]
        out = subprocess.run(["sh", "-c", reproduce], capture_output=True, text=True, check=True).stdout
        assert out.strip() == "-1.0"
        with pytest.raises(kilntest.KilnMismatch, match="variable 'a' after the call"):
            kilntest.check_runas(mutation)
        assert xfailing.xfail == "demonstrates an expected divergence"
        with pytest.raises(kilntest.KilnMismatch):
            kilntest.check_runas(xfailing)
    finally:
        builder.shutdown()


# --------------------------------------------------------------------------
# The case files themselves
# --------------------------------------------------------------------------

CASE_PATHS = kilntest.case_paths()


def test_there_are_enough_cases():
    assert len(CASE_PATHS) >= 70


@pytest.mark.parametrize("path", CASE_PATHS, ids=[p.name for p in CASE_PATHS])
def test_case_file_is_well_formed(path):
    case = kilntest.parse_case(path)
    stem = case.stem
    assert stem.isidentifier() and not keyword.iskeyword(stem)
    assert stem not in sys.stdlib_module_names and stem not in ("numpy", "pytest", "kilntest", "conftest")
    assert case.exports, "no `#pythran export` line"
    assert case.runas, "no `#runas` line"
    module = kilntest.import_python(path, stem + "__py")
    for name in case.exports:
        assert hasattr(module, name), f"{name} is exported but not defined"
