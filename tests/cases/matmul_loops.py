#pythran export matmul_loops(float64[:,:], float64[:,:])
#setup: import numpy as np; np.random.seed(0); A = np.random.rand(200, 200); B = np.random.rand(200, 200)
#run: matmul_loops(A, B)
#size: 200x200 @ 200x200
"""(k1) Naive i-j-k triple-loop matrix multiply, 200x200."""
import numpy as np


def matmul_loops(A, B):
    n = A.shape[0]
    p = A.shape[1]
    m = B.shape[1]
    C = np.zeros((n, m))
    #omp parallel for
    for i in range(n):
        for j in range(m):
            s = 0.0
            for k in range(p):
                s += A[i, k] * B[k, j]
            C[i, j] = s
    return C

# Differential test inputs (tests/test_cases.py), smaller than the benchmark's.
#runas import numpy as np; np.random.seed(0); A = np.random.rand(20, 30); B = np.random.rand(30, 10); matmul_loops(A, B)
#runas import numpy as np; A = np.arange(6.0).reshape(2, 3); B = np.arange(12.0).reshape(3, 4); matmul_loops(A, B)
