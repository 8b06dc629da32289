# Checks: a Python syntax error is reported with its position and a code frame
# (and nothing else is attempted).
#pythran export f(int)


def f(n):
    return (n + 1
