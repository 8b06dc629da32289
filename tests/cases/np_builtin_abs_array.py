"""Regression (was a kiln bug): the builtin `abs()` of an array is `np.absolute` in NumPy; kiln
rejects the module ("bad operand type for abs(): int16[:]")."""
import numpy as np

#pythran export absb(int16[:])
#pythran export absf(float64[:,:])
#runas import numpy as np; absb(np.array([-3, 4, -32768], dtype=np.int16))
#runas import numpy as np; absf(np.array([[-0.0, 1.5], [-np.inf, np.nan]]))


def absb(a):
    return abs(a)


def absf(a):
    return abs(a)
