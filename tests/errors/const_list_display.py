# Checks: a module-level list display is a constant list too: a function
# assigning to one of its items is rejected, naming the global.
#pythran export f(int)
LIMITS = [10, 20, 30]


def f(x):
    LIMITS[0] = x
    return LIMITS[0]
