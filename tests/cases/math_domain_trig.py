"""Inverse trig/hyperbolic functions outside their domain, log1p(-1) and
sin(inf) raise ValueError("math domain error")."""
#pythran export dom(int)
#runas dom(0)
#runas dom(1)
#runas dom(2)
#runas dom(3)
#runas dom(4)
#runas dom(5)
import math


def dom(k):
    r = 0.0
    if k == 0:
        r = math.acos(2.0)
    elif k == 1:
        r = math.asin(-1.5)
    elif k == 2:
        r = math.atanh(1.0)
    elif k == 3:
        r = math.acosh(0.5)
    elif k == 4:
        r = math.log1p(-1.0)
    else:
        r = math.sin(math.inf)
    return r
