# golden: analysis=effects
# Checks: argument effects through a callee: `fill` writes its argument 0,
# so `caller` writes its argument 1 (passed to `fill`), not its argument 0;
# both are impure; `reader` only reads.
import numpy as np

#pythran export caller(float64[:], float64[:])
def fill(a, v):
    for i in range(a.shape[0]):
        a[i] = v

def reader(a):
    return a[0]

def caller(x, y):
    fill(y, reader(x))
    return reader(y)
