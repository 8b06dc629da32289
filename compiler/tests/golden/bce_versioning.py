# golden: before=constfold,dce,licm pass=bce
# Checks: `A[i, k]` and `C[i, j]` are proven in bounds by range analysis
# (unchecked in both copies); `B[k, j]` on axis 0 is not (nothing ties
# `p = A.shape[1]` to `B.shape[0]`), so the outer loop is versioned on
# `A.shape[1] <= B.shape[0]`: the copy run when it holds reads B unchecked,
# the other copy keeps the check. `counts[v % nbins]` is in bounds exactly
# when `nbins > 0`, tested once before its loop.

#pythran export matmul(float64[:,:], float64[:,:])
#pythran export hist(int64[:], int)
import numpy as np

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
