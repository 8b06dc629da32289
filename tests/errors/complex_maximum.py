# Checks: a ufunc NumPy has a complex loop for but kiln does not yet
# (`np.maximum` orders complex values lexicographically) is reported as not
# supported yet, at the call.
import numpy as np

#pythran export f(complex128[:], complex128[:])


def f(a, b):
    return np.maximum(a, b)
