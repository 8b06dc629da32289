"""Float + - * / and unary minus, including results that are -0.0."""
#pythran export ops(float, float)
#pythran export neg_zero(float)
#pythran export small(float)
#runas ops(1.5, -0.25)
#runas ops(1e300, 1e-300)
#runas neg_zero(0.0)
#runas neg_zero(-0.0)
#runas small(3.0)


def ops(a, b):
    return a + b, a - b, a * b, a / b, -a, +b


def neg_zero(x):
    return -x, x * -1.0, 0.0 * -1.0, -x + 0.0


def small(x):
    return 0.1 + 0.2 - x / 10.0 + x * 1e-17
