"""`from math import ...` style names."""
#pythran export circ(float)
#pythran export fl(float)
#runas circ(1.5)
#runas fl(-2.5)
from math import sqrt, pi, floor, inf, isinf


def circ(r):
    return 2 * pi * r, sqrt(r * pi)


def fl(x):
    return floor(x), isinf(x * inf), sqrt(x * x)
