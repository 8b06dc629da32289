# Checks: converting to a complex NumPy scalar is reported as not supported
# yet (found by fuzz_nopanic: it used to crash code generation).
import numpy as np
#pythran export f(int32)


def f(x):
    return np.complex128(x)
