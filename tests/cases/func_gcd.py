"""Euclid's gcd, recursive and iterative; negative arguments follow Python's
`%` semantics."""
#pythran export gcd_rec(int, int)
#pythran export gcd_iter(int, int)
#pythran export lcm(int, int)
#runas gcd_rec(1071, 462), gcd_rec(0, 5), gcd_rec(-12, 18)
#runas gcd_iter(1071, 462), gcd_iter(17, 5), gcd_iter(12, -18)
#runas lcm(21, 6)


def gcd_rec(a, b):
    if b == 0:
        return a
    return gcd_rec(b, a % b)


def gcd_iter(a, b):
    while b:
        t = b
        b = a % b
        a = t
    return a


def lcm(a, b):
    return a // gcd_iter(a, b) * b
