"""log1p / expm1 near zero, exp of large and tiny arguments, 2-argument log."""
#pythran export small(float)
#pythran export extremes()
#pythran export logb(float, float)
#runas small(1e-10), small(-0.5)
#runas extremes()
#runas logb(8.0, 2.0), logb(100.0, 10.0), logb(2.0, 8.0)
import math


def small(x):
    return math.log1p(x), math.expm1(x), math.log(1.0 + x)


def extremes():
    return math.exp(709.0), math.exp(-750.0), math.exp(-math.inf), math.log(math.inf), math.expm1(-1000.0)


def logb(x, b):
    return math.log(x, b)
