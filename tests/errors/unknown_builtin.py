# Checks: a builtin kiln does not support (`divmod`) is reported by name.
#pythran export f(int)


def f(n):
    return divmod(n, 2)
