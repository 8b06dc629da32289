"""Polynomial evaluation (Horner) with a coefficient array, over a grid."""
#pythran export horner(float64[:], float)
#pythran export tabulate(float64[:], int)
#runas import numpy as np; c = np.array([1.0, -3.0, 0.5, 2.0]); horner(c, 1.5), horner(c, -2.0)
#runas import numpy as np; c = np.array([0.25, 0.0, -1.0]); tabulate(c, 9)
import numpy as np


def horner(c, x):
    r = 0.0
    for i in range(c.shape[0]):
        r = r * x + float(c[i])
    return r


def tabulate(c, n):
    out = np.empty(n)
    for k in range(n):
        out[k] = horner(c, -1.0 + 2.0 * k / (n - 1))
    return out
