"""Memory: calling compiled functions many times must not grow the process.

One module (`LEAK_MODULE` below, compiled by kiln into `tests/.build/`)
exercises every ownership path of the runtime and the generated code: arrays
in, arrays out, an input returned as is, tuples of arrays returned, 2-D and
Fortran-ordered inputs, exceptions raised from inside loops that hold arrays
(raised on purpose, `IndexError`, `ZeroDivisionError`, from a helper), arrays
swapped between variables, arrays allocated in loops, and calls rejected by
overload matching (`TypeError`).

Each case is called `CALLS // len(CASES)` times (at least 10^6 calls in all)
after a warm-up; the resident set size (from /proc/self/statm) must stay flat
(`SLACK_PER_CASE` per case, `SLACK_TOTAL` overall) and the reference counts of
the argument arrays must come back to where they were (a leaked reference to
an input costs no memory, so RSS alone would not see it). The RSS numbers are
printed: run `pytest tests/test_leaks.py -s` to see them.

`test_runtime_made_arrays` does the same, per function, for NumPy functions
whose result array the runtime makes (np.cumsum, np.sort, ...).

Environment: `KILN_LEAK_CALLS` (default 1100000) for more or fewer calls.

`test_containers_stay_flat` does the same for lists, dicts, sets and strs
(taken, returned, mutated in place, held while raising).
"""

from __future__ import annotations

import gc
import os
import sys

import numpy as np
import pytest

import kilntest

CALLS = int(os.environ.get("KILN_LEAK_CALLS", "1100000"))
WARMUP = 20_000
MIB = 1 << 20
SLACK_PER_CASE = 2 * MIB
SLACK_TOTAL = 6 * MIB

LEAK_MODULE = '''"""kiln leak-test module (written by tests/test_leaks.py)."""
#pythran export total(float64[:])
#pythran export make(int)
#pythran export same(float64[:])
#pythran export pair(float64[:], int64[:])
#pythran export raise_in_loop(float64[:], int)
#pythran export swap_loop(float64[:], int)
#pythran export alloc_loop(int, int)
#pythran export grid(float64[:,:])
#pythran export helper_raises(float64[:], int)
#pythran export int_div(int, int)
import numpy as np


def total(a):
    s = 0.0
    for i in range(a.shape[0]):
        s += a[i]
    return s


def make(n):
    out = np.zeros(n)
    for i in range(n):
        out[i] = i * 0.5
    return out


def same(a):
    a[0] = 1.0
    return a


def pair(a, b):
    c = np.empty(a.shape[0])
    d = np.zeros(b.shape[0], dtype=np.int64)
    for i in range(a.shape[0]):
        c[i] = a[i] * 2.0
    for i in range(b.shape[0]):
        d[i] = b[i] + 1
    return c, d, a.shape[0] + b.shape[0]


def raise_in_loop(a, k):
    t = np.zeros(a.shape[0])
    u = np.ones(3)
    for i in range(a.shape[0] + 2):
        t[i] = a[i] + u[i % 3]
        if i == k:
            raise ValueError("stop")
    return t


def swap_loop(a, n):
    x = np.zeros(a.shape[0])
    y = np.ones(a.shape[0])
    for i in range(n):
        x, y = y, x
        x[0] = x[0] + a[0]
    return x, y


def alloc_loop(n, m):
    s = 0.0
    for i in range(n):
        t = np.zeros(m)
        t[i % m] = 1.0 * i
        s += t[i % m]
    return s


def grid(g):
    out = np.zeros((g.shape[0], g.shape[1]))
    for i in range(g.shape[0]):
        for j in range(g.shape[1]):
            out[i, j] = g[i, j] * 3.0
    return out, g


def _check(a, k):
    b = np.zeros(2)
    if k > 3:
        return a[k]
    return b[0]


def helper_raises(a, k):
    t = np.ones(4)
    return _check(a, k) + t[0]


def int_div(x, y):
    return x // y
'''


#: NumPy functions whose result array is made by the runtime (rather than by
#: generated code), one per function so that a leak points at its entry point.
NUMPY_MODULE = '''"""kiln leak-test module for runtime-made arrays (written by tests/test_leaks.py)."""
#pythran export np_cumsum(float64[:])
#pythran export np_sort(float64[:])
#pythran export np_copy(float64[:])
#pythran export np_sum_axis(float64[:,:])
#pythran export np_arange(int)
#pythran export np_expr(float64[:])
#pythran export np_fancy(float64[:])
#pythran export np_where1(float64[:,:])
import numpy as np


def np_cumsum(a):
    return np.cumsum(a)


def np_sort(a):
    return np.sort(a)


def np_copy(a):
    return np.copy(a)


def np_sum_axis(a):
    return np.sum(a, axis=0)


def np_arange(n):
    return np.arange(n)


def np_expr(a):
    return np.exp(a) + a * 2.0


def np_fancy(a):
    b = a[a > 2.0]
    b[np.array([0, -1])] += 1.0
    try:
        a[np.array([100])] = 0.0
    except IndexError:
        pass
    return b[np.array([1, 0, 1])], np.array([a[0], 2.0])


def np_where1(a):
    return np.where(a > 0.5)
'''

#: Found by this test and by scripts/valgrind-runtime.sh: `Owned::into_view`
#: (runtime/src/array.rs) used to `mem::forget` the array and leak its shape
#: and strides Vecs, 64 bytes per call of each of these (fixed since).
NUMPY_CASES = [
    pytest.param("np_cumsum", "1d"),
    pytest.param("np_sort", "1d"),
    pytest.param("np_copy", "1d"),
    pytest.param("np_sum_axis", "2d"),
    pytest.param("np_arange", "int"),
    pytest.param("np_expr", "1d"),
    pytest.param("np_fancy", "1d"),
    pytest.param("np_where1", "2d"),
]


#: Containers and strs: every ownership path of `Op::ObjCall`/`ListGet`/`ListSet`.
CONTAINER_MODULE = '''"""kiln leak-test module for containers (written by tests/test_leaks.py)."""
#pythran export grow(int list)
#pythran export count(int list)
#pythran export words(str)
#pythran export raise_holding(float list, int)
#pythran export nested(int)
#pythran export push_pop(int list list)
#pythran export fmt(float, str:int dict)
#pythran export perms(int)
#pythran export fused(str list)


def grow(xs):
    ys = list(xs)
    ys.append(len(xs))
    ys[0] = ys[-1]
    return ys, xs


def count(xs):
    c = {}
    for x in xs:
        c[x] = c.get(x, 0) + 1
    return c, sorted(c.items()), set(xs)


def words(s):
    ws = s.split()
    return sorted(set(ws)), "-".join(ws).upper(), {w: len(w) for w in ws}


def raise_holding(xs, k):
    tmp = [x * 2.0 for x in xs]
    d = {"a": tmp, "b": list(xs)}
    names = {str(i) for i in range(len(xs))}
    if k > 0:
        return tmp[k] + len(names)
    return d["c"][0]


def nested(n):
    rows = [[i] * i for i in range(n)]
    rows[0], rows[-1] = rows[-1], rows[0]
    return rows


def push_pop(rows):
    rows[0].append(1)
    rows.append([2])
    rows.pop()
    rows[0].pop()


def fmt(x, d):
    return f"{x:.3f}|{x!r}|{d}", str(x), repr([x, x])


def fused(ws):
    out = []
    for i in range(len(ws)):
        rest = ws[:i] + ws[i + 1:]
        out.append([ws[i]] + rest)
        out.append(rest + [ws[i], ws[0]])
        out.append([ws[0], ws[i]] + rest)
    return out, len(set(w + "!" for w in ws)), len({len(r) for r in out})


def perms(n):
    if n <= 1:
        return [[n]]
    out = []
    for p in perms(n - 1):
        for i in range(len(p) + 1):
            out.append(p[:i] + [n] + p[i:])
    return out
'''


def _compile(name: str, source: str):
    if kilntest.cpython_only():
        pytest.skip("the leak test needs kiln (KILN_HARNESS_CPYTHON_ONLY=1)")
    path = kilntest.BUILD_DIR / f"{name}.py"
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_text() != source:
        path.write_text(source)
    build = kilntest.builder().get(path)
    if build.failure_text():
        pytest.fail(build.failure_text(), pytrace=False)
    return build.module


@pytest.fixture(scope="module")
def leakmod():
    return _compile("leakmod", LEAK_MODULE)


@pytest.fixture(scope="module")
def leaknp():
    return _compile("leaknp", NUMPY_MODULE)


def rss() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def cases(m):
    """(name, inputs whose refcounts must not move, one call)."""
    a = np.arange(8.0)
    b = np.arange(5, dtype=np.int64)
    g = np.arange(12.0).reshape(3, 4)
    gf = np.asfortranarray(g)
    ints = np.arange(8, dtype=np.int64)
    big = np.arange(1000.0)

    def swallow(f, *args):
        try:
            f(*args)
        except (ValueError, IndexError, ZeroDivisionError, TypeError):
            pass

    return [
        ("array in, float out", [a, big], lambda: (m.total(a), m.total(big))),
        ("array out", [], lambda: m.make(16)),
        ("input returned as is", [a], lambda: m.same(a)),
        ("tuple of new arrays out", [a, b], lambda: m.pair(a, b)),
        ("ValueError in a loop holding arrays", [a], lambda: swallow(m.raise_in_loop, a, 3)),
        ("IndexError in a loop holding arrays", [a], lambda: swallow(m.raise_in_loop, a, 100)),
        ("arrays swapped in a loop", [a], lambda: m.swap_loop(a, 5)),
        ("arrays allocated in a loop", [], lambda: m.alloc_loop(20, 7)),
        ("2-D C and Fortran in, tuple with the input out", [g, gf], lambda: (m.grid(g), m.grid(gf))),
        ("IndexError from a helper", [a], lambda: (swallow(m.helper_raises, a, 100), m.helper_raises(a, 5))),
        ("ZeroDivisionError", [], lambda: swallow(m.int_div, 7, 0)),
        ("TypeError from overload matching", [ints], lambda: swallow(m.total, ints)),
    ]


def measure(name, inputs, call, n, warmup=WARMUP):
    """Runs `call` `warmup` times, then `n` times; returns (RSS before, RSS
    after, problems)."""
    for _ in range(warmup):
        call()
    gc.collect()
    refs = [sys.getrefcount(x) for x in inputs]
    before = rss()
    for _ in range(n):
        call()
    gc.collect()
    after = rss()
    refs_after = [sys.getrefcount(x) for x in inputs]
    problems = []
    if after - before > SLACK_PER_CASE:
        problems.append(f"{name}: RSS grew by {(after - before) / MIB:.2f} MiB over {n} calls")
    if refs != refs_after:
        problems.append(f"{name}: argument reference counts moved from {refs} to {refs_after} over {n} calls")
    return before, after, problems


def test_rss_stays_flat(leakmod):
    all_cases = cases(leakmod)
    per_case = max(1, CALLS // len(all_cases))
    rows = []
    problems = []
    gc.collect()
    start_total = None
    for name, inputs, call in all_cases:
        before, after, p = measure(name, inputs, call, per_case)
        if start_total is None:
            start_total = before
        rows.append((name, before, after))
        problems += p
    end_total = rss()
    total_calls = per_case * len(all_cases)
    print(f"\nleak test: {len(all_cases)} cases x {per_case} calls = {total_calls} calls (+{WARMUP} warm-up each)")
    for name, before, after in rows:
        print(f"  {name:48s} RSS {before / MIB:8.2f} -> {after / MIB:8.2f} MiB ({(after - before) / 1024:+.0f} KiB)")
    print(f"  {'all cases (after the first warm-up)':48s} RSS {start_total / MIB:8.2f} -> {end_total / MIB:8.2f} MiB")
    if end_total - start_total > SLACK_TOTAL:
        problems.append(f"RSS grew by {(end_total - start_total) / MIB:.2f} MiB over all {total_calls} calls")
    assert not problems, "memory leak:\n  " + "\n  ".join(problems)


@pytest.fixture(scope="module")
def leakcont():
    return _compile("leakcont", CONTAINER_MODULE)


def container_cases(m):
    xs = [3, 1, 3, 2]
    fl = [1.5, 2.5, 3.5]
    rows = [[1, 2], [3]]
    d = {"k": 1, "j": 2}
    s = "the quick brown the fox"
    ws = ["alpha", "beta", "gamma", "beta"]

    def swallow(f, *args):
        try:
            f(*args)
        except (IndexError, KeyError):
            pass

    return [
        ("list in, new list out", [xs], lambda: m.grow(xs)),
        ("dict and set built, items sorted", [xs], lambda: m.count(xs)),
        ("strs: split, set, join, dict comprehension", [s], lambda: m.words(s)),
        ("IndexError while holding containers", [fl], lambda: swallow(m.raise_holding, fl, 10)),
        ("KeyError while holding containers", [fl], lambda: swallow(m.raise_holding, fl, 0)),
        ("nested lists, swapped items", [], lambda: m.nested(6)),
        ("written nested argument copied back", [rows], lambda: m.push_pop(rows)),
        ("f-string, str, repr", [d], lambda: m.fmt(2.5, d)),
        ("recursion returning lists", [], lambda: m.perms(4)),
        ("fused sums of displays and slices, presized sets (str elements)", [ws], lambda: m.fused(ws)),
    ]


def test_containers_stay_flat(leakcont):
    all_cases = container_cases(leakcont)
    per_case = max(1, CALLS // 4 // len(all_cases))
    problems = []
    gc.collect()
    start_total = rss()
    for name, inputs, call in all_cases:
        _, _, p = measure(name, inputs, call, per_case, warmup=5_000)
        problems += p
    end_total = rss()
    if end_total - start_total > SLACK_TOTAL:
        problems.append(f"RSS grew by {(end_total - start_total) / MIB:.2f} MiB over all container calls")
    assert not problems, "memory leak:\n  " + "\n  ".join(problems)


def test_returned_view_keeps_input_alive(leakmod):
    """A returned input must stay valid after the caller drops its own
    reference, and the reference count must return to the baseline once the
    result is dropped too."""
    a = np.arange(8.0)
    base = sys.getrefcount(a)
    r = leakmod.same(a)
    assert r is a or r.base is a or np.shares_memory(r, a)
    del r
    gc.collect()
    assert sys.getrefcount(a) == base
    b = np.arange(4.0)
    out = leakmod.same(b)
    del b
    gc.collect()
    assert out[0] == 1.0 and out[3] == 3.0


def test_detector_sees_a_leak():
    """The measurement can fail: a callable that keeps 100 bytes per call, or
    one that leaks a reference to its input, is caught."""
    kept = []
    n = max(1, CALLS // 13)
    _, _, problems = measure("leaky", [], lambda: kept.append(bytearray(100)), n, warmup=100)
    assert problems and "RSS grew" in problems[0], problems
    kept.clear()
    a = np.arange(3.0)
    _, _, problems = measure("ref leak", [a], lambda: kept.append(a), 1000, warmup=10)
    assert problems and "reference counts" in problems[0], problems


@pytest.mark.parametrize("func, arg", NUMPY_CASES)
def test_runtime_made_arrays(leaknp, func, arg):
    """Arrays made by runtime entry points (np.cumsum, np.sort, ...) are
    released with their result."""
    f = getattr(leaknp, func)
    x = {"1d": np.arange(8.0), "2d": np.ones((3, 4)), "int": 10}[arg]
    n = max(1, CALLS // 10)
    before, after, problems = measure(func, [x] if arg != "int" else [], lambda: f(x), n)
    print(f"\n  {func:12s} RSS {before / MIB:8.2f} -> {after / MIB:8.2f} MiB ({(after - before) / n:.1f} B/call over {n} calls)")
    assert not problems, "memory leak:\n  " + "\n  ".join(problems)
