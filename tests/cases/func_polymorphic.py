"""One internal helper called with int and with float arguments: each call
site gets its own instance with its own result type."""
#pythran export both(int, float)
#pythran export nested(int)
#runas both(3, 1.5)
#runas both(-2, -0.5)
#runas nested(7)


def sq(x):
    return x * x


def twice_plus(x, y):
    return 2 * x + y


def both(i, f):
    return sq(i), sq(f), twice_plus(i, i), twice_plus(f, i), twice_plus(i, f)


def nested(n):
    a = sq(sq(n))
    b = sq(n / 2)
    return a, b, twice_plus(a, b)
