"""math.fmod(x, 0), math.pow(0, negative) and math.pow(negative, fraction)
raise ValueError("math domain error") (unlike the `**` operator)."""
#pythran export fm(float, float)
#pythran export pw(float, float)
#runas fm(1.0, 0.0)
#runas fm(1.0, 3.0)
#runas pw(0.0, -1.0)
#runas pw(-8.0, 1.0 / 3.0)
#runas pw(-8.0, 3.0)
import math


def fm(x, y):
    return math.fmod(x, y)


def pw(x, y):
    return math.pow(x, y)
