"""min/max with 2 and 3 same-typed arguments. They return the first extreme
argument, so signed zeros and nan depend on argument order."""
#pythran export imm(int, int, int)
#pythran export fmm(float, float, float)
#pythran export zeros()
#pythran export nans()
#runas imm(3, -1, 2)
#runas imm(5, 5, 5)
#runas fmm(0.5, -2.5, 1.5)
#runas zeros()
#runas nans()
import math


def imm(a, b, c):
    return min(a, b), max(a, b), min(a, b, c), max(a, b, c)


def fmm(a, b, c):
    return min(a, b), max(b, c), min(c, b, a), max(a, c, b)


def zeros():
    return min(0.0, -0.0), min(-0.0, 0.0), max(0.0, -0.0), max(-0.0, 0.0)


def nans():
    n = math.nan
    return max(n, 1.0), max(1.0, n), min(n, 1.0), min(1.0, n), max(1.0, n, 2.0)
