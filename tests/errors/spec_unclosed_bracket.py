# Checks: an array spec with an unclosed `[` is a spec syntax error pointing
# at the bracket.
#pythran export f(float64[:, int)


def f(a, n):
    return a[n]
