# golden: analysis=usedef
# Checks: a `map` read twice is not fused (in CPython the second read sees an
# exhausted iterator); kiln has no iterator objects, so it is a clear error
# at the `map` call rather than a silently different result.
import math

#pythran export f(int)
def f(n):
    l = map(math.cos, range(n))
    return sum(l) + sum(l)
