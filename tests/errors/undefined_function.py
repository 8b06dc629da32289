# Checks: calling a function that is defined nowhere is reported as an
# undefined name, with a suggestion of a close defined name.
#pythran export f(int)


def helper(n):
    return n + 1


def f(n):
    return helpr(n) * 2
