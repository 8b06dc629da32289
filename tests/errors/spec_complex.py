# Checks: `complex` in a spec is reported as not supported yet (rather than as
# an unknown type).
#pythran export f(complex)


def f(z):
    return z * 2
