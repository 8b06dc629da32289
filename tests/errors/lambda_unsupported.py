# Checks: a construct the subset does not have yet (`lambda`) is reported at
# the expression, naming the construct.
#pythran export f(int)


def f(n):
    g = lambda x: x + 1
    return g(n)
