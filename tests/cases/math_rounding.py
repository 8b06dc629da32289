"""math.floor / ceil / trunc return int (for float and int arguments);
math.fabs returns float."""
#pythran export rnd(float)
#pythran export rnd_int(int)
#pythran export fab(float)
#runas rnd(3.5), rnd(-3.5), rnd(-0.0), rnd(2.0)
#runas rnd(1e18), rnd(-1e-300)
#runas rnd_int(-7)
#runas fab(-2.5), fab(-0.0)
import math


def rnd(x):
    return math.floor(x), math.ceil(x), math.trunc(x)


def rnd_int(n):
    return math.floor(n), math.ceil(n), math.trunc(n), math.fabs(n)


def fab(x):
    return math.fabs(x)
