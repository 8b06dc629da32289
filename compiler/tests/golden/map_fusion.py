# golden: analysis=usedef
# Checks: iterator fusion: `l = map(math.cos, range(n))` read once by `sum`
# becomes one loop that adds `cos(i)` (front/desugar.rs); no list is built,
# and `l` does not exist in the IR.
import math

#pythran export f(int)
def f(n):
    l = map(math.cos, range(n))
    return sum(l)
