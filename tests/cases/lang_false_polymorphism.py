"""False polymorphism: a variable reassigned with another type where the old
value is dead is split into one variable per web (front/webs.rs), so each
part keeps CPython's type."""
#pythran export to_str(float)
#pythran export reuse_loop_var(int)
#pythran export branches(int, bool)
#pythran export count_then_mean(float64[:])
#pythran export int_then_float(int)
#pythran export carried(int)
#pythran export swap_kind(int list)
#runas to_str(1.0), to_str(-0.0), to_str(1e300)
#runas reuse_loop_var(5), reuse_loop_var(0)
#runas branches(3, True), branches(3, False), branches(0, False)
#runas import numpy as np; count_then_mean(np.array([1.0, 2.0, 4.5]))
#runas import numpy as np; count_then_mean(np.zeros(0))
#runas int_then_float(7), int_then_float(-3)
#runas carried(6), carried(0)
#runas swap_kind([3, 1, 2]), swap_kind([])
from math import cos


def to_str(x):
    a = cos(x)
    a = str(a)
    return a + "!"


def reuse_loop_var(n):
    total = 0
    for i in range(n):
        total += i
    for i in [0.5, 1.5, 2.25]:
        total += int(i * 2)
    return total


def branches(n, c):
    if c:
        t = n * 2
        r = t + 1
    else:
        t = "ab" * n
        r = len(t)
    t = float(r)
    return t, r


def count_then_mean(a):
    n = 0
    for v in a:
        if v > 1.5:
            n += 1
    first = n
    n = a.shape[0] * 1.0
    if n == 0.0:
        return first, n
    return first, float(a.sum()) / n


def int_then_float(k):
    x = k // 2
    y = x * 3
    x = k / 2
    return y, x


def carried(n):
    # One web: the loop carries `s` from int to float, so it is a float
    # throughout (CPython: float after the first iteration, int 0 if n == 0).
    s = 0.0
    for i in range(n):
        s = s + i * 0.5
    return s


def swap_kind(xs):
    v = len(xs)
    w = v + 1
    v = sorted(xs)
    return w, v
