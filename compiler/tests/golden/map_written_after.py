# golden: analysis=usedef
# Checks: a `map` whose variable is bound again before the read is not fused
# (the read would see the new value, and desugaring only moves a generator to
# the single read of a variable bound once); the stored map is reported.
import math

#pythran export f(int)
def f(n):
    l = map(math.cos, range(n))
    l = [1.0, 2.0]
    return sum(l)
