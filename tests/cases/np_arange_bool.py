"""Regression (was a kiln bug): `np.arange(n, dtype=bool)` raises TypeError in NumPy for more
than two elements; kiln returns an array."""
import numpy as np

#pythran export arange_bool(int)
#runas arange_bool(4)
#runas arange_bool(3)


def arange_bool(n):
    return np.arange(n, dtype=bool)
