"""The common idiom `s = 0.0; for ...: s += a[i]` turns the Python float s
into a np.float64 after the first iteration, so CPython returns np.float64
for a non-empty array and float for an empty one (same for ints)."""
#pythran export fsum(float64[:])
#pythran export isum(int64[:])
#runas import numpy as np; a = np.array([0.5, 1.25, -3.0]); fsum(a)
#runas import numpy as np; a = np.zeros(0); fsum(a)
#kiln-xfail: kiln gives `s` one type, np.float64 (the join of float and np.float64); CPython returns the initial float 0.0 when the loop never runs. See docs/LANGUAGE.md.
#runas import numpy as np; a = np.array([4, 5, 6]); isum(a)


def fsum(a):
    s = 0.0
    for i in range(a.shape[0]):
        s += a[i]
    return s


def isum(a):
    s = 0
    for i in range(a.shape[0]):
        s += a[i]
    return s
