# Checks: a `with` statement is reported as unsupported, naming the construct.
#pythran export f(int)


def f(n):
    with open("x") as fh:
        n = n + 1
    return n
