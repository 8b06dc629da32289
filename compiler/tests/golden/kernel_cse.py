# golden: before=kernelize,ufunc-fusion,reduce-fusion pass=kernel-cse
# Checks: rosenbrock's two `x[:-1]` operands become one (the body reads one
# element for both; `x[1:]` is another view and stays apart). In `g`,
# `a[:, :1]` appears twice and merges while `b` and `a[:, 1:]` stay; the
# broadcast checks are renumbered onto the remaining operands.
import numpy as np

#pythran export f(float64[:])
def f(x):
    return np.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1.0 - x[:-1]) ** 2)

#pythran export g(float64[:,:], float64[:])
def g(a, b):
    return a[:, :1] * b + a[:, 1:] * a[:, :1]
