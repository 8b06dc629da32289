"""Unroll-and-jam (`kiln --report`: "loop runs two iterations at a time,
their inner loops fused"): a loop around a float reduction loop runs
iterations j and j + 1 together. Results must be bit for bit CPython's:
odd and even outer counts, an empty or negative outer range, an inner loop
that runs no iteration, the loop variables (`j`, `k`, `s`, `last`) read
after the loops, temporaries written after the inner loop, a result array
that is also an input (not jammed: the writes could feed later reads),
strided and Fortran-ordered inputs, and an accumulator carried across outer
iterations (not jammed)."""
import numpy as np

#pythran export matmul(float64[:,:], float64[:,:])
#pythran export matmul(float64[:,:], float64[::,::])
#pythran export row_dots(float64[:,:], float64[:], int, int)
#pythran export after_loops(float64[:,:], int, int)
#pythran export in_place(float64[:,:], int)
#pythran export carried(float64[:,:])
#pythran export int_and_float(int64[:,:], float64[:], int)
#runas import numpy as np; matmul(np.arange(12.0).reshape(3, 4) / 7.0, np.arange(20.0).reshape(4, 5) / 3.0)
#runas import numpy as np; matmul(np.arange(12.0).reshape(3, 4) / 7.0, np.arange(16.0).reshape(4, 4) / 3.0)
#runas import numpy as np; matmul(np.arange(12.0).reshape(3, 4) / 7.0, np.asfortranarray(np.arange(20.0).reshape(4, 5) / 3.0))
#runas import numpy as np; matmul(np.arange(12.0).reshape(3, 4) / 7.0, (np.arange(40.0).reshape(4, 10) / 3.0)[:, ::2])
#runas import numpy as np; matmul(np.zeros((2, 0)), np.zeros((0, 3)))
#runas import numpy as np; matmul(np.ones((2, 3)), np.ones((3, 1)))
#runas import numpy as np; matmul(np.ones((2, 3)), np.ones((2, 2)))
#runas import numpy as np; row_dots(np.arange(35.0).reshape(5, 7) * 0.1, np.linspace(-1.0, 1.0, 7), 5, 7)
#runas import numpy as np; row_dots(np.arange(35.0).reshape(5, 7) * 0.1, np.linspace(-1.0, 1.0, 7), 4, 7)
#runas import numpy as np; row_dots(np.arange(35.0).reshape(5, 7) * 0.1, np.linspace(-1.0, 1.0, 7), -3, 7)
#runas import numpy as np; row_dots(np.arange(35.0).reshape(5, 7) * 0.1, np.linspace(-1.0, 1.0, 7), 5, 0)
#runas import numpy as np; after_loops(np.arange(35.0).reshape(5, 7) * 0.3, 5, 7)
#runas import numpy as np; after_loops(np.arange(35.0).reshape(5, 7) * 0.3, 4, 7)
#runas import numpy as np; after_loops(np.arange(35.0).reshape(5, 7) * 0.3, 3, 0)
#runas import numpy as np; after_loops(np.arange(35.0).reshape(5, 7) * 0.3, 0, 7)
#runas import numpy as np; in_place(np.arange(25.0).reshape(5, 5) / 9.0, 5)
#runas import numpy as np; in_place(np.arange(25.0).reshape(5, 5) / 9.0, 4)
#runas import numpy as np; carried(np.arange(30.0).reshape(5, 6) / 11.0)
#runas import numpy as np; int_and_float(np.arange(21, dtype=np.int64).reshape(3, 7), np.linspace(0.5, 3.5, 7), 3)


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


def row_dots(a, x, n, m):
    out = np.zeros(5)
    for i in range(n):
        s = 0.0
        for k in range(m):
            s += a[i, k] * x[k]
        out[i] = s * 0.5 + 1.0
    return out


def after_loops(a, n, m):
    out = np.zeros(5)
    j = -1
    k = -1
    s = -1.0
    last = 0.0
    for jj in range(n):
        j = jj
        s = 1.0
        for kk in range(m):
            k = kk
            s = s * 0.5 + float(a[jj, kk])
        last = s * 2.0
        out[jj] = last - 1.0
    return out, j, k, s, last


def in_place(a, n):
    for i in range(n):
        s = 0.0
        for k in range(n):
            s += a[k, i]
        a[i, 0] = s
    return a


def carried(a):
    out = np.zeros(5)
    s = 0.0
    for i in range(5):
        for k in range(6):
            s += a[i, k]
        out[i] = s
    return out


def int_and_float(a, w, n):
    out = np.zeros(n)
    counts = np.zeros(n, dtype=np.int64)
    for i in range(n):
        s = 0.0
        c = 0
        for k in range(7):
            s += a[i, k] * w[k]
            c += a[i, k]
        out[i] = s
        counts[i] = c
    return out, counts
