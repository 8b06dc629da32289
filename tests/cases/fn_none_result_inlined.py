"""Calls of functions that return None, used as values after inlining
(`return g(x)` in a recursive function, a tuple holding the call)."""

#pythran export gcd_rec(int, int)
#pythran export both(int)
#runas gcd_rec(12, 7)
#runas gcd_rec(5, 1)
#runas both(3)


def gcd_rec(a, b):
    if b == 1:
        return
    return gcd_rec(b, a % b)


def tp(x, y):
    pass


def both(i):
    (), tp(i, i)
    return tp(i, i + 1)
