"""Exported functions calling other module functions (exported or not),
with expressions as arguments and results used in expressions."""
#pythran export hyp2(float, float)
#pythran export combo(int, int)
#pythran export square(int)
#runas hyp2(3.0, 4.0)
#runas combo(3, 4)
#runas square(-9)


def square(x):
    return x * x


def fsq(x):
    return x * x


def add3(a, b, c):
    return a + b + c


def hyp2(x, y):
    return fsq(x) + fsq(y) + fsq(x - y) / 2.0


def combo(a, b):
    return add3(square(a), square(b), -square(a - b)) + add3(a, b, 1) * square(2)
