"""Regression (was a kiln bug): `np.expand_dims(a, (0, 3))` of a 2-d array has shape
(1, 2, 3, 1) in NumPy (the result has ndim + len(axis) dimensions); kiln
counts one new axis and rejects the module ("axis 3 is out of bounds for
array of dimension 3")."""
import numpy as np

#pythran export expand_tuple(float64[:,:])
#runas import numpy as np; expand_tuple(np.arange(6.0).reshape(2, 3))


def expand_tuple(a):
    return np.expand_dims(a, (0, 3)), np.expand_dims(a, (0, 1))
