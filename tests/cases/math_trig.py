"""sin cos tan asin acos atan atan2, including signed zeros in atan2."""
#pythran export trig(float)
#pythran export inverse(float)
#pythran export atan2s(float, float)
#pythran export quadrants()
#runas trig(0.5), trig(-3.0), trig(100.0), trig(0.0)
#runas inverse(0.5), inverse(-1.0), inverse(0.0)
#runas atan2s(1.0, -1.0), atan2s(-1.0, -1.0)
#runas quadrants()
import math


def trig(x):
    return math.sin(x), math.cos(x), math.tan(x)


def inverse(x):
    return math.asin(x), math.acos(x), math.atan(x), math.atan(x * 1e300)


def atan2s(y, x):
    return math.atan2(y, x), math.atan2(x, y)


def quadrants():
    return math.atan2(0.0, -1.0), math.atan2(-0.0, -1.0), math.atan2(0.0, 0.0), math.atan2(-0.0, -0.0)
