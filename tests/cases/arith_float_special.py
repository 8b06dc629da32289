"""inf and nan propagate through float arithmetic; multiplication overflows to
inf silently, while float `**` raises OverflowError."""
#pythran export inf_ops(float)
#pythran export nan_ops()
#pythran export overflow_mul(float)
#pythran export overflow_pow(float)
#runas inf_ops(1e308)
#runas nan_ops()
#runas overflow_mul(1e308)
#runas overflow_pow(1e300)
import math


def inf_ops(x):
    big = x * 10.0
    return big, -big, big - big, big * 0.0, 1.0 / big, big + 1.0


def nan_ops():
    n = math.nan
    return n + 1.0, n * 0.0, n - n


def overflow_mul(x):
    return x * x, -x * x


def overflow_pow(x):
    return x ** 2.0
