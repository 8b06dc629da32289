# Checks: a Python builtin that works on objects (`getattr`) is named as
# outside kiln's subset, not reported as an undefined name.
#pythran export f(float64[:])
import numpy as np


def f(a):
    return getattr(a, "size")
