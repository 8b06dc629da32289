# Checks: a lambda is inlined where it is called; used as a value (returned,
# stored in a list) it is reported with what kiln can do instead.
#pythran export f(int)


def f(n):
    g = lambda x: x + 1
    return [g, g(n)]
