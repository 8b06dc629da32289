# Checks: an unknown type name in a spec gets a suggestion (`double` ->
# `float64`).
#pythran export f(double[:])


def f(a):
    return a[0]
