"""sinh cosh tanh asinh acosh atanh."""
#pythran export hyp(float)
#pythran export inv(float)
#runas hyp(0.5), hyp(-2.0), hyp(0.0), hyp(30.0)
#runas inv(0.5), inv(-0.25)
import math


def hyp(x):
    return math.sinh(x), math.cosh(x), math.tanh(x)


def inv(x):
    return math.asinh(x), math.acosh(1.0 + x * x), math.atanh(x)
