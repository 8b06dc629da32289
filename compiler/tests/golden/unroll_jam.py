# golden: before=constfold,dce,licm,bce pass=unroll-jam
# Checks: the `j` loop of the bounds-check-free copy becomes a loop over
# pairs (j = 2t, 2t + 1) whose single `k` loop updates both accumulators
# (`s` and its copy `s$2`), the writes of C after it, `s`/`j` copied back
# at the end of each pair; the original `j` loop stays as the remainder,
# starting at 2 * (max(m, 0) // 2). The checked copy (run when the shapes do
# not match) is left alone: its accesses may raise.

#pythran export matmul(float64[:,:], float64[:,:])
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
