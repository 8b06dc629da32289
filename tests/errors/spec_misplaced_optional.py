# Checks: `?` (optional argument) before a required argument is rejected:
# only trailing arguments may be optional.
#pythran export f(int?, float)


def f(n=1, x=2.0):
    return n * x
