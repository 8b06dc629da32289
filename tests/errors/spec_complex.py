# Checks: a `complex64` scalar in a spec (and a complex array) is reported as
# not supported yet (rather than as an unknown type); `complex` itself is
# supported.
#pythran export f(complex64)
#pythran export g(complex128[:])


def f(z):
    return z * 2


def g(a):
    return a
