#pythran export pairwise_dist(float64[:,:], float64[:,:])
#setup: import numpy as np; np.random.seed(0); X = np.random.rand(1000, 3); Y = np.random.rand(1000, 3)
#run: pairwise_dist(X, Y)
#size: 1000x3 vs 1000x3
"""(j) Euclidean distance matrix between two 1000x3 point sets, explicit loops."""
import math
import numpy as np


def pairwise_dist(X, Y):
    n = X.shape[0]
    m = Y.shape[0]
    d = X.shape[1]
    D = np.empty((n, m))
    #omp parallel for
    for i in range(n):
        for j in range(m):
            s = 0.0
            for k in range(d):
                t = X[i, k] - Y[j, k]
                s += t * t
            D[i, j] = math.sqrt(s)
    return D

# Differential test inputs (tests/test_cases.py), smaller than the benchmark's.
#runas import numpy as np; np.random.seed(0); X = np.random.rand(50, 3); Y = np.random.rand(50, 3); pairwise_dist(X, Y)
#runas import numpy as np; X = np.zeros((2, 3)); Y = np.ones((4, 3)); pairwise_dist(X, Y)
