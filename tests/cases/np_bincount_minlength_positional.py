"""Regression (was a kiln bug): `np.bincount(x, w, 6)` passes minlength positionally; NumPy
honours it (length 6), kiln ignores it (length 3)."""
import numpy as np

#pythran export bincount_w(int64[:], float64[:], int)
#runas import numpy as np; bincount_w(np.array([0, 1, 1, 2]), np.array([0.5, 1.0, 1.5, -2.0]), 6)


def bincount_w(x, w, n):
    return np.bincount(x, w, n)
