# golden: before=kernelize,ufunc-fusion pass=reduce-fusion
# Checks: `np.sum` of the fused rosenbrock expression and `np.max(..., axis=1)`
# become reducing kernels (`reduce sum[all]`, `reduce max[axis=-1]`) and the
# `kiln_reduce` calls go; `np.sum(t, axis=0)` keeps its temporary (remark:
# only all axes or the last one), and so does `np.sum(u)`, which reads the
# variable `u` (also returned), not the kernel's value.
import numpy as np

#pythran export f(float64[:], float64[:,:])
def f(x, a):
    r = np.sum(100.0 * (x[1:] - x[:-1] ** 2.0) ** 2.0 + (1 - x[:-1]) ** 2.0)
    m = np.max(a * 2.0 - 1.0, axis=1)
    c = np.sum(a + 1.0, axis=0)
    u = a * 3.0
    return r, m, c, np.sum(u), u
