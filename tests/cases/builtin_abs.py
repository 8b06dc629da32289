"""abs() on ints and floats, including -0.0, inf and nan."""
#pythran export iabs(int)
#pythran export fabs_(float)
#pythran export special()
#runas iabs(-7), iabs(0), iabs(12)
#runas fabs_(-2.5), fabs_(-0.0), fabs_(3.0)
#runas special()
import math


def iabs(x):
    return abs(x)


def fabs_(x):
    return abs(x)


def special():
    return abs(-math.inf), abs(math.nan), abs(-1e-320)
