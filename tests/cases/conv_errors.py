"""int() of nan raises ValueError, of an infinity OverflowError."""
#pythran export int_nan()
#pythran export int_inf(float)
#pythran export int_of(float)
#runas int_nan()
#runas int_inf(1e308)
#runas int_of(-1e308 * 10.0)
import math


def int_nan():
    return int(math.nan)


def int_inf(x):
    return int(x * 10.0)


def int_of(x):
    return int(x)
