#pythran export matmul_dot(float64[:,:], float64[:,:])
#setup: import numpy as np; np.random.seed(0); A = np.random.rand(500, 500); B = np.random.rand(500, 500)
#run: matmul_dot(A, B)
#size: 500x500 @ 500x500
"""(k2) numpy.dot of two 500x500 matrices: measures the BLAS binding only."""
import numpy as np


def matmul_dot(A, B):
    return np.dot(A, B)
#runas import numpy as np; np.random.seed(0); A = np.random.rand(20, 30); B = np.random.rand(30, 10); matmul_dot(A, B)
#runas import numpy as np; np.random.seed(0); A = np.random.rand(5, 5); matmul_dot(A, A.T), matmul_dot(np.asfortranarray(A), A)
#runas import numpy as np; matmul_dot(np.ones((2, 3)), np.ones((2, 3)))
#runas import numpy as np; matmul_dot(np.zeros((3, 0)), np.zeros((0, 4)))
