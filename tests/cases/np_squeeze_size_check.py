"""Regression (was a kiln bug): `np.squeeze(a, axis=0)` of an array whose axis 0 is not of
length 1 raises ValueError in NumPy; kiln returns `a[0]`."""
import numpy as np

#pythran export squeeze_bad(float64[:,:,:])
#runas import numpy as np; squeeze_bad(np.arange(6.0).reshape(2, 3, 1))
#runas import numpy as np; squeeze_bad(np.zeros((0, 3, 1)))


def squeeze_bad(a):
    return np.squeeze(a, axis=0)
