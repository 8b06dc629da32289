# Checks: `or` with nothing after it in a spec is a spec syntax error.
#pythran export f(int or)


def f(n):
    return n + 1
