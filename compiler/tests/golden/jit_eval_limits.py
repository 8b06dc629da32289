# golden: pass=constfold+jit-eval+dce*
# Checks: compile-time evaluation gives up safely: `spin(3)` never returns
# (killed at the wall-clock limit) and `deep(10**8)` overflows the stack (the
# child process crashes), so both calls stay; `half` may raise (Python `//`
# by a variable): `half(3)` does not, so it is evaluated, `half(0)` raises
# in the child, so its call stays (and raises at run time); `poly(2.5)` is
# evaluated to the same float the machine code computes.

#pythran export g(int)
def spin(n):
    while n > 0:
        n = n + 1
    return n

def deep(n):
    if n == 0:
        return 0
    return deep(n - 1) + 1

def half(n):
    return 7 // n

def poly(x):
    return x * x * 0.5 - x / 3.0

def g(x):
    if x > 0:
        return spin(3) + deep(100000000) + half(3) + half(0)
    return int(poly(2.5) * 1000.0)
