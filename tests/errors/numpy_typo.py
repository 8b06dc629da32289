# Checks: an unsupported NumPy function close to a supported name gets a
# "did you mean" suggestion (`np.sqrtt` -> `np.sqrt`).
#pythran export f(float64[:])
import numpy as np


def f(a):
    return np.sqrtt(a)
