"""sqrt and the logarithms outside their domain raise
ValueError("math domain error"); sqrt(-0.0) is -0.0, not an error."""
#pythran export sqrt_(float)
#pythran export log_(float)
#pythran export logs(int)
#runas sqrt_(-1.0)
#runas sqrt_(-0.0)
#runas log_(0.0)
#runas log_(-1.0)
#runas logs(0)
#runas logs(1)
import math


def sqrt_(x):
    return math.sqrt(x)


def log_(x):
    return math.log(x)


def logs(k):
    r = 0.0
    if k == 0:
        r = math.log10(0.0)
    else:
        r = math.log2(-1.0)
    return r
