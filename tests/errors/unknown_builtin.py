# Checks: a builtin kiln does not support (`hex`) is reported by name.
#pythran export f(int)


def f(n):
    return hex(n)
