"""1-D and 2-D stencils writing into new and argument arrays. (The second
runas uses continuation lines.)"""
#pythran export smooth(float64[:])
#pythran export laplace(float64[:,:], float64[:,:])
#runas import numpy as np; np.random.seed(5); a = np.random.rand(20); smooth(a)
#runas import numpy as np; np.random.seed(6); \
#      u = np.random.rand(6, 7); out = np.zeros((6, 7)); \
#      laplace(u, out); out
import numpy as np


def smooth(a):
    n = a.shape[0]
    b = np.empty(n)
    b[0] = a[0]
    b[n - 1] = a[n - 1]
    for i in range(1, n - 1):
        b[i] = 0.25 * a[i - 1] + 0.5 * a[i] + 0.25 * a[i + 1]
    return b


def laplace(u, out):
    n = u.shape[0]
    m = u.shape[1]
    for i in range(1, n - 1):
        for j in range(1, m - 1):
            out[i, j] = u[i - 1, j] + u[i + 1, j] + u[i, j - 1] + u[i, j + 1] - 4.0 * u[i, j]
