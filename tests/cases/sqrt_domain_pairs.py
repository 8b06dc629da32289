"""`math.sqrt` of arguments proven never negative (`sqrt-domain`: no domain
check, so unroll-jam takes a distance loop) and square roots computed two
at a time (`pair-roots`). The arguments that are not provably sign-clear
(a difference, a product of different values, a variable that may hold a
negative number on some path) must still raise `ValueError` exactly where
CPython does; NaN and -0.0 arguments must give CPython's results."""
#pythran export dists(float64[:,:], float64[:,:])
#pythran export row_norms(float32[:,:])
#pythran export diffs(float64[:], float64[:])
#pythran export products(float64[:], float64[:])
#pythran export maybe_negative(float64[:], bool)
#pythran export straight(float, float, float)
#pythran export chained(float, float)
#pythran export rules(float, int)
#pythran export not_clear(float, float, int)
#pythran export after_loop(float64[:])
#pythran export stale_between(float, float)
#runas import numpy as np; np.random.seed(1); dists(np.random.rand(9, 3), np.random.rand(7, 3))
#runas import numpy as np; np.random.seed(2); dists(np.random.rand(6, 4), np.random.rand(8, 4))
#runas import numpy as np; dists(np.ones((3, 2)), np.ones((0, 2))), dists(np.ones((2, 0)), np.ones((5, 0)))
#runas import numpy as np; dists(np.array([[np.nan, 1.0], [np.inf, 0.0]]), np.array([[1.0, 2.0], [np.inf, -np.inf], [-0.0, 0.0]]))
#runas import numpy as np; np.random.seed(3); row_norms(np.random.rand(5, 3).astype(np.float32) - np.float32(0.5))
#runas import numpy as np; diffs(np.array([3.0, 5.0, 2.0]), np.array([1.0, 1.0, 1.0]))
#runas import numpy as np; diffs(np.array([3.0, 5.0, 2.0]), np.array([1.0, 9.0, 1.0]))
#runas import numpy as np; products(np.array([2.0, 3.0]), np.array([2.0, 3.0]))
#runas import numpy as np; products(np.array([2.0, 3.0]), np.array([2.0, -3.0]))
#runas import numpy as np; maybe_negative(np.array([1.0, 4.0, 9.0]), False)
#runas import numpy as np; maybe_negative(np.array([1.0, 4.0, 9.0]), True)
#runas [straight(a, b, c) for a in (0.0, -0.0, 2.5, -3.0) for b in (1.0, -1.5) for c in (0.0, 4.0)]
#runas straight(1.0, 2.0, float("nan")), straight(float("inf"), -2.0, 1.0)
#runas [chained(a, b) for a in (0.0, 1.5, -2.0, float("nan")) for b in (3.0, -0.0)]
#runas [rules(a, k) for a in (0.0, -0.0, 2.0, -2.0, float("nan"), float("-inf")) for k in (0, 3, -1)]
#runas [not_clear(a, 2.0, k) for a in (0.0, 2.0) for k in (0, 1, 4)]
#runas [not_clear(a, 2.0, 3) for a in (2.0, 3.0, float("inf"))]
#runas not_clear(2.0, -0.5, 0)
#runas not_clear(-2.0, 1.0, 1)
#runas not_clear(-2.0, 1.0, 2)
#runas not_clear(-2.0, 1.0, 3)
#runas not_clear(-2.0, 1.0, 4)
#runas not_clear(1.0, 2.0, 3)
#runas not_clear(0.0, 1.0, 5)
#runas not_clear(2.0, 1.0, 5)
#runas import numpy as np; after_loop(np.array([1.0, -2.0, 3.0])), after_loop(np.array([], dtype=np.float64))
#runas [stale_between(a, b) for a in (1.0, 4.0) for b in (2.0, 9.0)]
#runas stale_between(4.0, -9.0)
import math
import numpy as np


def dists(X, Y):
    n = X.shape[0]
    m = Y.shape[0]
    D = np.empty((n, m))
    for i in range(n):
        for j in range(m):
            s = 0.0
            for k in range(X.shape[1]):
                t = X[i, k] - Y[j, k]
                s += t * t
            D[i, j] = math.sqrt(s)
    return D


def row_norms(A):
    out = np.zeros(A.shape[0])
    for i in range(A.shape[0]):
        s = np.float32(0.0)
        for k in range(A.shape[1]):
            t = A[i, k]
            s += t * t
        out[i] = math.sqrt(s)
    return out


def diffs(a, b):
    # A difference may be negative: the check stays, and raises.
    out = np.empty(a.shape[0])
    for i in range(a.shape[0]):
        out[i] = math.sqrt(a[i] - b[i])
    return out


def products(a, b):
    # a[i] * b[i] is a square only when the inputs agree: the check stays.
    s = 0.0
    for i in range(a.shape[0]):
        s += a[i] * b[i]
    return math.sqrt(s)


def maybe_negative(a, flip):
    s = 0.0
    for i in range(a.shape[0]):
        s += a[i] * a[i]
    if flip:
        s = -s
    return math.sqrt(s)


def straight(a, b, c):
    # Two roots of one stretch: paired (the second's argument moves up).
    x = math.sqrt(a * a + c)
    y = abs(b) + 1.0
    z = math.sqrt(y * 2.0)
    return x, y, z, math.sqrt(c * c) - math.sqrt(a ** 2)


def chained(a, b):
    # The second root reads the first: not paired.
    r = math.sqrt(a * a)
    return math.sqrt(r + b * b), r


def rules(a, k):
    # Each argument is sign-clear by one rule: no check.
    return (
        math.sqrt(a * a / 4.0),
        math.sqrt(max(a * a, 0.5)),
        math.sqrt(min(abs(a), 2.0) + True),
        math.sqrt(a ** 2 + a ** -2.0 if a != 0.0 else 1.0),
        math.sqrt(math.fabs(a) // 0.75),
        math.sqrt(float(k * k) if k >= 0 else (+a) * (+a)),
    )


def not_clear(a, b, k):
    # Each argument breaks one rule, so the check stays and raises where
    # CPython does.
    if k == 0:
        return math.sqrt(a * a / b)
    if k == 1:
        return math.sqrt(a ** 3)
    if k == 2:
        return math.sqrt(1.0 / (a * 0.0))
    if k == 3:
        return math.sqrt(a * a - b * b)
    if k == 5:
        # NumPy division by -0.0 gives -inf.
        return math.sqrt(np.float64(a * a) / np.float64(-0.0))
    return math.sqrt(-(a * a))


def after_loop(a):
    s = 0.0
    for x in a:
        s += x * x
    t = s
    return math.sqrt(t), math.sqrt(s + t)


def stale_between(a, b):
    # The second root's argument reads `v` after a store between the roots:
    # it must see the new value.
    v = a
    r = math.sqrt(v * v)
    v = b * b + 1.0
    w = math.sqrt(v)
    return r, w, math.sqrt(b)
