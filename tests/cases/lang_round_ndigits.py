"""`round(x, ndigits)` (runtime/src/pynum.rs): CPython's correctly rounded
result on the exact binary value (`round(2.675, 2)` is 2.67), ties to even,
negative `ndigits`, extreme `ndigits`, signed zeros, NaN/inf, the overflow
error; ints to multiples of 10**-n (ties to even); `round(x, None)`."""
#pythran export rf(float, int)
#pythran export ri(int, int)
#pythran export rnone(float, int)
#pythran export rkw(float)
#pythran export rmany(float list, int)
#runas rf(2.675, 2), rf(0.125, 2), rf(0.375, 2), rf(2.5, 0), rf(3.5, 0), rf(-0.5, 0), rf(-2.675, 2)
#runas rf(1234.5678, -2), rf(1250.0, -2), rf(1350.0, -2), rf(5.0, -1), rf(15.0, -1), rf(-15.0, -1), rf(0.0, 3), rf(-0.0, 3)
#runas rf(0.1, 400), rf(123.0, -400), rf(-123.0, -400), rf(1e300, -300), rf(1e-320, 320), rf(5e-324, 323), rf(1.5e-300, 300)
#runas rf(float("nan"), 2), rf(float("inf"), -3), rf(-float("inf"), 1), rf(1.0 / 3.0, 5), rf(2.0 / 3.0, 15), rf(123456789.123456789, 4)
#runas rf(1.7e308, -308)
#runas rf(9.5e307, -308)
#runas ri(1234, -2), ri(1250, -2), ri(1350, -2), ri(-1250, -2), ri(-1251, -2), ri(7, 3), ri(5, -1), ri(15, -1), ri(-15, -1), ri(123, -30)
#runas ri(9223372036854775807, -18), ri(-9223372036854775807, -2), ri(0, -5)
#runas rnone(2.5, 3), rnone(-3.5, -2)
#runas rnone(float("nan"), 0)
#runas rkw(2.675), rkw(-7.25)
#runas rmany([0.5, 1.5, 2.25, 2.35, 1e16 + 2.0, -0.05], 1)


def rf(x, n):
    return round(x, n)


def ri(x, n):
    return round(x, n), round(True, n)


def rnone(x, n):
    return round(n, None), round(x, None)


def rkw(x):
    return round(x, ndigits=1), round(number=x, ndigits=-1)


def rmany(xs, n):
    return [round(x, n) for x in xs], sum(round(x, n + 1) for x in xs)
