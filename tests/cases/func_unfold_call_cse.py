"""Repeated calls of pure scalar functions merged (`call-cse`), and
recursive functions unfolded one level so that their repeated calls meet
(`unfold`). Every function here must give CPython's value, and the cases
that must not merge (arguments changed in between, impure callees, calls
only on some paths) must still call again."""
#pythran export fib(int)
#pythran export fib_rev(int)
#pythran export trib(int)
#pythran export ffib(float)
#pythran export binom(int, int)
#pythran export shaky(int)
#pythran export twice(int)
#pythran export loop_calls(int)
#pythran export while_calls(int)
#pythran export branch_calls(int, bool)
#pythran export drawn(int)
#pythran export slots_after_if(int, bool)
#pythran export offsets(int)
#runas [fib(i) for i in range(-2, 26)]
#runas [fib_rev(i) for i in range(-1, 25)]
#runas [trib(i) for i in range(20)]
#runas [ffib(i * 0.5) for i in range(-2, 40)]
#runas [binom(n, k) for n in range(12) for k in range(-1, 13)]
#runas [shaky(i) for i in range(13)]
#runas shaky(13)
#runas shaky(16)
#runas [twice(i) for i in range(-3, 5)]
#runas [loop_calls(i) for i in range(8)]
#runas [while_calls(i) for i in range(8)]
#runas [branch_calls(i, b) for i in range(6) for b in (False, True)]
#runas [drawn(i) for i in range(4)]
#runas [slots_after_if(i, b) for i in range(-2, 6) for b in (False, True)]
#runas [offsets(i) for i in range(-4, 12)]
import numpy as np


def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


def fib_rev(n):
    # The later call is the one whose body repeats the earlier.
    if n < 2:
        return n
    return fib_rev(n - 2) + fib_rev(n - 1)


def trib(n):
    if n < 3:
        return n
    return trib(n - 1) + trib(n - 2) + trib(n - 3)


def ffib(x):
    if x < 2.0:
        return x * 0.5
    return ffib(x - 1.0) * 0.75 + ffib(x - 2.0)


def binom(n, k):
    if k < 0 or k > n:
        return 0
    if k == 0 or k == n:
        return 1
    return binom(n - 1, k - 1) + binom(n - 1, k)


def shaky(n):
    # Raises ZeroDivisionError at 13, so from 13 up.
    if n < 2:
        return n
    if n == 13:
        return 1 // (n - 13)
    return shaky(n - 1) - shaky(n - 2) * 3


def hh(x):
    # Recursive, so never inlined into its callers: the calls stay calls.
    if x <= 0:
        return x + 5
    return hh(x - 3) * 3 + x


def twice(x):
    return hh(x) + hh(x) * hh(x + 0) - hh(x + 1)


def loop_calls(n):
    # `k` changes every iteration: no call may be reused across iterations.
    k = 0
    s = hh(k)
    for i in range(n):
        s += hh(k) * 2 + hh(k)
        k += 1
    return s + hh(k)


def while_calls(n):
    k = 0
    s = hh(k)
    while k < n:
        s += hh(k) * 2
        k += 1
    return s + hh(k)


def branch_calls(n, c):
    # The call in a branch does not cover the one after the `if`.
    t = 0
    if c:
        t = hh(n)
    return t + hh(n)


def draw(x):
    return x + np.random.rand()


def drawn(seed):
    # Impure: both calls draw (kiln's random state is its own: seeded here).
    np.random.seed(seed)
    return draw(1.0) - draw(1.0)


def slots_after_if(n, c):
    k = n
    if c:
        k = n + 1
    a = hh(k)
    b = hh(n + 1)
    k = n
    return a + b * 5 + hh(k) * 3 + hh(n)


def offsets(n):
    m = n + 3
    return hh(m - 3) - hh(n) + hh(m - 2) * 2 - hh(n + 1) * 5 + hh(n - 1 + 2) + hh(n - 1) * 7 + hh(n + 2) * 11
