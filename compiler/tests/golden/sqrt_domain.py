# golden: before=constfold,dce pass=sqrt-domain
# Checks: the root of the sum of squares `s` (stored 0.0, then `s + t * t`
# where both factors read `t` right after its store) and of `abs(x) + 1.0`
# become `math.sqrt[nonneg]`; the root of `s - 1.0` and of `y`, which one
# path sets to a parameter, keep the checked `math.sqrt`.

#pythran export norms(float64[:], float, bool)
import math

def norms(a, x, flip):
    s = 0.0
    for i in range(a.shape[0]):
        t = a[i] - x
        s += t * t
    y = 2.0
    if flip:
        y = x
    return math.sqrt(s), math.sqrt(abs(x) + 1.0), math.sqrt(s - 1.0), math.sqrt(y)
