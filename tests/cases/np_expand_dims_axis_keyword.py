"""Regression (was a kiln bug): `np.expand_dims(a, axis=1)` is rejected at compile time
("`np.expand_dims` got an unsupported keyword argument `axis`")."""
import numpy as np

#pythran export expand_kw(float64[:,:])
#runas import numpy as np; expand_kw(np.arange(6.0).reshape(2, 3))


def expand_kw(a):
    return np.expand_dims(a, axis=1), np.expand_dims(a, axis=-1)
