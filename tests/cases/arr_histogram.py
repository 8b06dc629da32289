"""Array values used as indices (np.int64 indices), and augmented element
assignment `a[i] += x`, `a[i, j] *= x`."""
#pythran export bincount(int64[:], int)
#pythran export scale_diag(float64[:,:], float)
#pythran export bump(float64[:], int64[:])
#runas import numpy as np; np.random.seed(4); v = np.random.randint(0, 7, size=200); bincount(v, 7)
#runas import numpy as np; a = np.ones((3, 3)); scale_diag(a, -2.5); a
#runas import numpy as np; x = np.zeros(5); idx = np.array([0, 4, 4, -1, 2]); bump(x, idx); x
import numpy as np


def bincount(v, n):
    c = np.zeros(n, dtype=np.int64)
    for i in range(v.shape[0]):
        c[v[i]] += 1
    return c


def scale_diag(a, k):
    for i in range(a.shape[0]):
        a[i, i] *= k
        a[i, 0] -= 1.0


def bump(x, idx):
    for i in range(idx.shape[0]):
        x[idx[i]] += i + 0.5
