"""Dot product and matrix-vector product with explicit loops."""
#pythran export dot(float64[:], float64[:])
#pythran export matvec(float64[:,:], float64[:])
#runas import numpy as np; np.random.seed(9); x = np.random.rand(40); y = np.random.rand(40); dot(x, y)
#runas import numpy as np; np.random.seed(10); A = np.random.rand(5, 8); v = np.random.rand(8); matvec(A, v)
import numpy as np


def dot(x, y):
    s = 0.0
    for i in range(x.shape[0]):
        s += float(x[i]) * float(y[i])
    return s


def matvec(A, v):
    n = A.shape[0]
    m = A.shape[1]
    out = np.zeros(n)
    for i in range(n):
        acc = 0.0
        for j in range(m):
            acc += float(A[i, j] * v[j])
        out[i] = acc
    return out
