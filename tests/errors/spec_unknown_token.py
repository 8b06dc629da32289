# Checks: an export spec containing a character that is not part of the spec
# grammar (`$`) is a spec syntax error pointing at it.
#pythran export f(int $ float)


def f(n, x):
    return n * x
