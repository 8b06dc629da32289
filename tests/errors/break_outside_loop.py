# Checks: `break` outside a loop is rejected (CPython rejects it at compile
# time too), pointing at the `break`.
#pythran export f(int)


def f(n):
    if n > 0:
        break
    return n
