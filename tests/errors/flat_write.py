# Checks: writing through `a.flat` is rejected with a diagnostic (kiln reads
# `.flat` as the elements in order, possibly a copy, so the write could be
# lost) instead of being silently dropped.
#pythran export f(float64[:,:])


def f(a):
    a.flat[0] = 1.0
    return a
