# Checks: a builtin kiln does not support (`sorted`) is reported by name.
#pythran export f(int)


def f(n):
    return sorted(n)
