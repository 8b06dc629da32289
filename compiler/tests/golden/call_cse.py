# golden: pass=call-cse
# Checks: in `f`, `sq(m - 3)` and `sq(n + 1 - 1)` repeat `sq(n)` (wrapping
# int offsets through the variable `m`) and go; `sq(n + 1)` stays. In `g`,
# the call inside the loop reads `k`, stored in the loop, so it repeats
# nothing; the call in the branch does not cover the one after the `if`,
# and `k` after the `if` has two possible values. `r` draws random numbers
# (impure): both calls stay.
import numpy as np

def sq(x):
    return x * x + 1

#pythran export f(int)
def f(n):
    m = n + 3
    return sq(n) + sq(m - 3) * sq(n + 1 - 1) - sq(n + 1)

#pythran export g(int, bool)
def g(n, c):
    s = 0
    k = n
    for i in range(n):
        s += sq(k)
        k += 1
    if c:
        k = 0
        s += sq(n)
    return s + sq(n) + sq(k)

def r(x):
    return x + np.random.randint(10)

#pythran export h(int)
def h(x):
    return r(x) - r(x)
