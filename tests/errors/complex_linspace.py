# Checks: a complex number where kiln needs a real one (np.linspace's start)
# is an error at its call (found by fuzz_nopanic: it used to crash code
# generation with an unsigned conversion of a float).
import numpy as np
#pythran export f(complex128, float, int)


def f(a, b, n):
    return np.linspace(a, b, num=n)
