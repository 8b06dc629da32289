"""Alternative spellings of array specs: `float64[]`, `float64[][]`, and
`int64[,,,]` (a 4-D array)."""
#pythran export s1(float64[])
#pythran export s2(float64[][])
#pythran export s4(int64[,,,])
#runas import numpy as np; s1(np.arange(4.0))
#runas import numpy as np; s2(np.arange(6.0).reshape(2, 3))
#runas import numpy as np; s4(np.arange(16).reshape(2, 2, 2, 2))


def s1(a):
    return a[-1] + a[0], a.ndim


def s2(a):
    return a[1, 2] - a[0, 1], a.ndim


def s4(a):
    return a[1, 1, 1, 1] + a[0, 1, 0, 1], a.ndim
