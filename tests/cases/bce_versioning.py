"""Loop versioning for bounds checks (`kiln --report`: "loop versioned"):
the loop runs without the checks only when a test before it proves them
unnecessary, and otherwise runs the checked loop, which raises IndexError
(or wraps negative indices) exactly as CPython does. Each function is run
with inputs taking both paths: matching and mismatched shapes, a zero and a
positive modulus, negative starts, offsets, nested (triangular) loops that
are versioned at two levels, early exits, and a bound that is reassigned
inside the loop (not versioned)."""
import numpy as np

#pythran export matmul(float64[:,:], float64[:,:])
#pythran export hist(int64[:], int)
#pythran export window(float64[:], int, int)
#pythran export shifted(float64[:], float64[:], int)
#pythran export lower(float64[:,:], int)
#pythran export first_above(float64[:], int, float)
#pythran export reassigned(int64[:], int)
#pythran export columns(float64[:,:], int)
#runas import numpy as np; matmul(np.arange(6.0).reshape(2, 3), np.arange(12.0).reshape(3, 4))
#runas import numpy as np; matmul(np.arange(6.0).reshape(2, 3), np.arange(8.0).reshape(2, 4))
#runas import numpy as np; matmul(np.arange(4.0).reshape(2, 2), np.arange(12.0).reshape(3, 4))
#runas import numpy as np; matmul(np.zeros((0, 3)), np.zeros((1, 2)))
#runas import numpy as np; hist(np.array([5, 7, -3, 12, 0], dtype=np.int64), 4)
#runas import numpy as np; hist(np.array([], dtype=np.int64), 0)
#runas import numpy as np; hist(np.array([5, 1], dtype=np.int64), 0)
#runas import numpy as np; window(np.arange(10.0), 2, 8)
#runas import numpy as np; window(np.arange(10.0), -3, 4)
#runas import numpy as np; window(np.arange(10.0), 5, 12)
#runas import numpy as np; window(np.arange(10.0), -11, 2)
#runas import numpy as np; shifted(np.arange(5.0), np.zeros(6), 5)
#runas import numpy as np; shifted(np.arange(5.0), np.zeros(5), 5)
#runas import numpy as np; shifted(np.arange(5.0), np.zeros(9), 3)
#runas import numpy as np; lower(np.arange(16.0).reshape(4, 4), 4)
#runas import numpy as np; lower(np.arange(16.0).reshape(4, 4), 3)
#runas import numpy as np; lower(np.arange(12.0).reshape(4, 3), 4)
#runas import numpy as np; lower(np.arange(12.0).reshape(3, 4), 4)
#runas import numpy as np; first_above(np.array([0.5, 1.5, 3.0, 9.0]), 4, 2.0)
#runas import numpy as np; first_above(np.array([0.5, 1.5, 3.0, 9.0]), 6, 20.0)
#runas import numpy as np; first_above(np.array([0.5, 1.5, 3.0, 9.0]), 6, 1.0)
#runas import numpy as np; reassigned(np.arange(10, dtype=np.int64), 3)
#runas import numpy as np; reassigned(np.arange(10, dtype=np.int64), 9)
#runas import numpy as np; columns(np.arange(12.0).reshape(3, 4), 4)
#runas import numpy as np; columns(np.arange(12.0).reshape(3, 4), 5)


def matmul(A, B):
    n = A.shape[0]
    p = A.shape[1]
    m = B.shape[1]
    C = np.zeros((n, m))
    for i in range(n):
        for j in range(m):
            s = 0.0
            for k in range(p):
                s += A[i, k] * B[k, j]
            C[i, j] = s
    return C


def hist(values, nbins):
    counts = np.zeros(nbins, dtype=np.int64)
    for i in range(values.shape[0]):
        counts[values[i] % nbins] += 1
    return counts


def window(a, start, stop):
    s = 0.0
    for i in range(start, stop):
        s += a[i] * (i + 1)
    return s


def shifted(a, b, n):
    for i in range(n):
        b[i + 1] = a[i] * 2.0
    return b


def lower(a, n):
    s = 0.0
    for i in range(n):
        for j in range(i):
            s += a[i, j]
    return s


def first_above(a, n, t):
    r = -1
    for i in range(n):
        if a[i] > t:
            r = i
            break
    else:
        r = -2
    return r


def reassigned(a, n):
    total = 0
    m = n
    for i in range(len(a)):
        if i < m:
            total += a[i + m]
        m = m - 1
    return total


def columns(a, m):
    out = np.zeros(m)
    for j in range(m):
        for i in range(a.shape[0]):
            out[j] += a[i, j]
    return out
