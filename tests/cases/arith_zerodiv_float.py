"""Scalar float division by zero raises (no inf/nan as in NumPy), including
0.0 ** negative."""
#pythran export div(float, float)
#pythran export fdiv(float, float)
#pythran export mod(float, float)
#pythran export int_by_float(int, float)
#pythran export float_by_int(float, int)
#pythran export zpow(float, float)
#runas div(1.0, 0.0)
#runas fdiv(1.0, -0.0)
#runas mod(2.5, 0.0)
#runas int_by_float(1, 0.0)
#runas float_by_int(1.0, 0)
#runas zpow(0.0, -1.0)


def div(a, b):
    return a / b


def fdiv(a, b):
    return a // b


def mod(a, b):
    return a % b


def int_by_float(a, b):
    return a / b


def float_by_int(a, b):
    return a % b


def zpow(a, b):
    return a ** b
