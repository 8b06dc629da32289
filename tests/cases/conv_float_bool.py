"""float() and bool() conversions."""
#pythran export to_float(int)
#pythran export bool_to_float(bool)
#pythran export truthy_f(float)
#pythran export truthy_i(int)
#pythran export nan_truthy()
#runas to_float(3), to_float(-9007199254740993)
#runas bool_to_float(True)
#runas truthy_f(0.0), truthy_f(-0.0), truthy_f(1e-320)
#runas truthy_i(0), truthy_i(-3)
#runas nan_truthy()
import math


def to_float(i):
    return float(i)


def bool_to_float(b):
    return float(b), float(2.5)


def truthy_f(x):
    return bool(x)


def truthy_i(i):
    return bool(i), float(bool(i))


def nan_truthy():
    return bool(math.nan), bool(math.inf)
