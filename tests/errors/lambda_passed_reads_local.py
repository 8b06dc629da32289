# Checks: a lambda passed to a module function is inlined in the callee,
# so one that reads a local variable of its function is reported with the
# workaround.
#pythran export f(int)


def apply(h, x):
    return h(x)


def f(n):
    k = n * 2
    return apply(lambda v: v + k, n)
