#pythran export heat(float64[:,:], int, float)
#setup: import numpy as np; np.random.seed(1); u = np.random.rand(200, 200)
#run: heat(u, 50, 0.2)
"""Explicit 2-D heat diffusion: a 5-point stencil written as loops, with
fixed borders, returning a new grid."""
import numpy as np


def heat(u0, steps, alpha):
    n = u0.shape[0]
    m = u0.shape[1]
    u = np.empty((n, m))
    v = np.empty((n, m))
    for i in range(n):
        for j in range(m):
            u[i, j] = u0[i, j]
            v[i, j] = u0[i, j]
    for _ in range(steps):
        for i in range(1, n - 1):
            for j in range(1, m - 1):
                v[i, j] = u[i, j] + alpha * (u[i - 1, j] + u[i + 1, j] + u[i, j - 1] + u[i, j + 1] - 4.0 * u[i, j])
        u, v = v, u
    return u
