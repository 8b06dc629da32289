# golden: pass=kernelize
# Checks: each elementwise array operation (`a * b`, `np.sqrt(...)`, `+ 1.0`)
# becomes its own `kernel` loop nest with its inputs, broadcast checks and a
# new output; fusing them is the next pass's job (ufunc-fusion).

#pythran export f(float64[:], float64[:])
import numpy as np

def f(a, b):
    return np.sqrt(a * b) + 1.0
