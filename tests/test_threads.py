"""Concurrency: several Python threads call the same compiled functions at
once. kiln releases the GIL while compiled code runs, so the calls really
overlap; every result must still be exactly right, and an exception raised
in one thread (the runtime keeps the pending exception per thread) must reach
that thread only, with its own message, while the others keep returning
values.

The module (`THREAD_MODULE`) is compiled into `tests/.build/`. Each thread
checks its results against the plain-Python module, on inputs that differ
per thread and per iteration.

Environment: `KILN_THREAD_ITERS` (default 300 calls per thread and function).
"""

from __future__ import annotations

import os
import sys
import threading

import numpy as np
import pytest

import kilntest

ITERS = int(os.environ.get("KILN_THREAD_ITERS", "300"))
THREADS = 8

THREAD_MODULE = '''"""kiln thread-test module (written by tests/test_threads.py)."""
#pythran export work(float64[:], int)
#pythran export fill(int, float)
#pythran export checked(float64[:], int)
#pythran export scale_inplace(float64[:], float)
import numpy as np


def work(a, reps):
    # Long enough (about a millisecond) that calls from different threads overlap.
    s = 0.0
    for r in range(reps):
        for i in range(a.shape[0]):
            s += a[i] * (r + 1) - a[(i + r) % a.shape[0]]
    return s


def fill(n, x):
    out = np.empty(n)
    for i in range(n):
        out[i] = x * i
    return out


def checked(a, k):
    t = np.zeros(a.shape[0])
    s = 0.0
    for i in range(a.shape[0]):
        t[i] = a[i] + 1.0
        s += t[i]
        if k < 0 and i == a.shape[0] - 1:
            raise ValueError("negative k")
    if k >= 100:
        return s + 1.0 / (k - k)
    return s + a[k]


def scale_inplace(a, f):
    for i in range(a.shape[0]):
        a[i] = a[i] * f
'''


@pytest.fixture(scope="module")
def mods():
    path = kilntest.BUILD_DIR / "threadmod.py"
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_text() != THREAD_MODULE:
        path.write_text(THREAD_MODULE)
    ref = kilntest.import_python(path, "threadmod__py")
    if kilntest.cpython_only():
        return kilntest.import_python(path, "threadmod__py2"), ref
    build = kilntest.builder().get(path)
    if build.failure_text():
        pytest.fail(build.failure_text(), pytrace=False)
    return build.module, ref


def outcome(f, *args):
    try:
        return ("ok", f(*args))
    except Exception as e:  # noqa: BLE001 - the exception is the result
        return ("exc", type(e), str(e))


def same(a, b) -> bool:
    if a[0] != b[0]:
        return False
    if a[0] == "exc":
        return a[1:] == b[1:]
    return not kilntest.diff_values(a[1], b[1])


def run_threads(target, n=THREADS):
    """Starts `n` threads running `target(tid)` at the same moment; returns
    the problems they report."""
    barrier = threading.Barrier(n)
    problems: list[str] = []
    lock = threading.Lock()

    def body(tid):
        try:
            barrier.wait()
            for p in target(tid):
                with lock:
                    problems.append(f"thread {tid}: {p}")
        except Exception as e:  # noqa: BLE001
            with lock:
                problems.append(f"thread {tid}: unexpected {type(e).__name__}: {e}")

    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)  # switch threads often: more interleavings
    try:
        threads = [threading.Thread(target=body, args=(t,)) for t in range(n)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        sys.setswitchinterval(old)
    return problems


def test_same_function_many_threads(mods):
    kiln, ref = mods
    # Expected values come from CPython up front, so that the threads spend
    # their time in compiled code.
    arrays = [np.random.default_rng(tid).standard_normal(2000 + tid) for tid in range(THREADS)]
    want_work = {(tid, reps): ref.work(arrays[tid], reps) for tid in range(THREADS) for reps in range(1, 8)}
    want_fill = {(tid, n): ref.fill(n, tid + 0.5) for tid in range(THREADS) for n in range(50)}

    def target(tid):
        a = arrays[tid]
        for it in range(ITERS):
            reps = 1 + (it + tid) % 7
            got = kiln.work(a, reps)
            if kilntest.diff_values(want_work[tid, reps], got):
                yield f"work(reps={reps}): {got!r} != {want_work[tid, reps]!r}"
            n = (tid * 7 + it) % 50
            got = kiln.fill(n, tid + 0.5)
            if kilntest.diff_values(want_fill[tid, n], got):
                yield f"fill({n}): {kilntest.diff_values(want_fill[tid, n], got)}"

    assert not run_threads(target)


def test_gil_is_released(mods):
    """While one thread is inside a long compiled call, another thread keeps
    running Python code (it could not if the call held the GIL)."""
    kiln, _ = mods
    if kilntest.cpython_only():
        pytest.skip("plain Python holds the GIL")
    a = np.ones(100_000)
    state = {"inside": False, "done": False, "count": 0}

    def counter():
        while not state["inside"]:
            pass
        while not state["done"]:
            state["count"] += 1

    t = threading.Thread(target=counter)
    t.start()
    state["inside"] = True
    kiln.work(a, 100)  # 10^7 iterations: about 50 ms
    state["done"] = True
    t.join()
    assert state["count"] > 1000, f"the other thread ran only {state['count']} loop iterations during the call"


def test_exceptions_stay_in_their_thread(mods):
    """Odd threads raise on most calls (ValueError, IndexError,
    ZeroDivisionError, in rotation); even threads never raise. Each thread
    must see exactly its own outcome and message."""
    kiln, ref = mods

    def target(tid):
        a = np.arange(5.0) + tid
        for it in range(ITERS):
            if tid % 2:
                k = (-1, 7 + tid, 100 + tid, 2)[it % 4]  # ValueError, IndexError, ZeroDivisionError, fine
            else:
                k = it % 5
            got, want = outcome(kiln.checked, a, k), outcome(ref.checked, a, k)
            if not same(got, want):
                yield f"checked(a, {k}): kiln {got!r}, CPython {want!r}"

    assert not run_threads(target)


def test_writes_to_private_arrays(mods):
    """Each thread scales its own array in place; no thread sees another's
    writes."""
    kiln, _ = mods

    def target(tid):
        a = np.full(1000, float(tid + 1))
        for _ in range(ITERS):
            kiln.scale_inplace(a, 1.0)
        kiln.scale_inplace(a, 2.0)
        if not np.all(a == 2.0 * (tid + 1)):
            yield f"array changed under the thread: {a[:5]}"

    assert not run_threads(target)
