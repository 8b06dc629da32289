"""Regression (was a kiln bug): `np.linalg.norm` of a float32 array reads the data wrongly:
`norm(np.array([3, 4], np.float32))` is 5.0 in NumPy and 0.0 in kiln; with
an axis the result is garbage (3.7e19)."""
import numpy as np

#pythran export norm1(float32[:])
#pythran export norm2(float32[:,:])
#runas import numpy as np; norm1(np.array([3.0, 4.0], dtype=np.float32))
#runas import numpy as np; norm2(np.arange(6, dtype=np.float32).reshape(2, 3))


def norm1(a):
    return np.linalg.norm(a)


def norm2(a):
    return np.linalg.norm(a), np.linalg.norm(a, axis=0), np.linalg.norm(a, axis=1, keepdims=True)
