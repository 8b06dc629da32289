# golden: analysis=usedef pass=dse
# Checks: use-def chains: the load of `a` after the `if` sees both branches'
# stores; `a = 1` reaches the load in the `then` branch; the final `a = 4`
# reaches no load (slots die at return), so dead-store elimination removes it.
import numpy as np

#pythran export f(bool, float64[:])
def f(c, out):
    a = 1
    if c:
        a = a + 2
    else:
        a = 3
    out[0] = a
    a = 4
    return out
