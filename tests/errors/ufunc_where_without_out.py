# Checks: a ufunc's `where=` without `out=` is rejected (NumPy would leave
# the unselected elements uninitialized), pointing at the call.
#pythran export f(float64[:])
import numpy as np


def f(a):
    return np.sqrt(a, where=a > 0)
