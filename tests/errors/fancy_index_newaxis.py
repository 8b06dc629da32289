# Checks: combining `None` with an index array is reported as not supported
# yet (not a crash), pointing at the subscript.
#pythran export f(float64[:,:], int64[:])


def f(a, idx):
    return a[idx, None]
