# golden: before=kernelize pass=ufunc-fusion
# Checks: the three kernels of `np.sqrt(a * b) + 1.0` become one kernel
# whose body computes the whole expression per element: no temporary
# arrays; the broadcast check groups of the parts are kept in order.

#pythran export f(float64[:], float64[:])
import numpy as np

def f(a, b):
    return np.sqrt(a * b) + 1.0
