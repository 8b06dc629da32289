# Checks: a function returning an int on one path and None on another is a
# type error naming both return statements.
#pythran export f(int)


def f(n):
    if n > 0:
        return n
    return None
