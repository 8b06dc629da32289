# Checks: a variable that holds an int on one path and None on another at the
# same program point is a type error naming both types and where each came from.
#pythran export f(int)


def f(n):
    r = None
    if n > 0:
        r = n * 2
    return r + 1
