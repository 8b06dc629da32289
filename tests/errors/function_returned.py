# Checks: a module function can be passed to another module function
# (specialised per function), but returning one to Python is reported.
#pythran export f(int)


def g(x):
    return x + 1


def apply(h, x):
    return h(x)


def f(n):
    if n > 0:
        return apply(g, n)
    return g
