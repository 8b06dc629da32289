"""Module constants computed by calling a pure module function with constant
arguments (`X = fibo(15)`): evaluated at compile time (cranelift-jit), with
the value CPython computes at import time."""

#pythran export use_consts(int)
#pythran export use_float(float)
#runas use_consts(1), use_consts(-3)
#runas use_float(0.5)


def fibo(n):
    if n < 2:
        return n
    return fibo(n - 1) + fibo(n - 2)


def poly(x, k):
    s = 0.0
    for i in range(k):
        s = s * x + 1.5 * i - 0.25
    return s


def is_odd(n):
    return n % 2 == 1


FIB15 = fibo(15)
POLY = poly(0.75, 6)
ODD = is_odd(FIB15 - 10)


def use_consts(x):
    return FIB15 + x, ODD


def use_float(y):
    return POLY * y, POLY
