# Checks: an export spec with more arguments than the function has parameters
# is reported at the spec and names the function's real signature.
#pythran export f(int, float, float)


def f(n, x):
    return n * x
