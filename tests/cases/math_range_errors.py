"""Results too large for a float raise OverflowError("math range error");
factorial(-1) raises ValueError."""
#pythran export over(int)
#pythran export fact(int)
#runas over(0)
#runas over(1)
#runas over(2)
#runas over(3)
#runas fact(-1)
import math


def over(k):
    r = 0.0
    if k == 0:
        r = math.exp(1000.0)
    elif k == 1:
        r = math.expm1(1000.0)
    elif k == 2:
        r = math.cosh(1000.0)
    else:
        r = math.sinh(-1000.0)
    return r


def fact(n):
    return math.factorial(n)
