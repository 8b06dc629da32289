# Checks: a lambda that calls itself cannot be inlined; the error names it
# instead of expanding forever (a nested `def` may recurse: it is lifted).
#pythran export f(int)


def f(n):
    fact = lambda k: 1 if k <= 1 else k * fact(k - 1)
    return fact(n)
