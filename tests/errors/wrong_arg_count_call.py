# Checks: calling a module function with too many arguments is reported at
# the call, naming the function and its parameters.
#pythran export f(int)


def g(a, b):
    return a + b


def f(n):
    return g(n, n, n)
