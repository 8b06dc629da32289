# Checks: writing through `a.real` (a view in NumPy, a copy in kiln) is
# rejected with a diagnostic instead of being silently lost.
import numpy as np

#pythran export f(complex128[:])


def f(a):
    a.real[0] = 1.0
    a.imag[:] += 2.0
    return a
