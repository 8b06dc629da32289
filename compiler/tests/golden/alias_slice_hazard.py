# golden: analysis=alias before=kernelize,ufunc-fusion pass=inplace
# Checks: `a[1:] = a[:-1] + 1` reads the array it writes (both views of
# argument 0), so the temporary stays; `b` is a fresh allocation, disjoint
# from `a`, so `b[1:] = np.sqrt(a[:-1] * 2.0)` is written in place; two
# arguments may be one array (the caller decides), so `c[:] = a + 1` keeps
# its temporary.
import numpy as np

#pythran export f(float64[:], float64[:])
def f(a, c):
    a[1:] = a[:-1] + 1
    b = np.zeros(a.shape[0])
    b[1:] = np.sqrt(a[:-1] * 2.0)
    c[:] = a + 1
    return b
