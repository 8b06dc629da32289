"""Strided 2-D arguments (`float64[::,::]`, each dimension strided): sub-grids
and column slices; writes go through to the base array."""
#pythran export sum2(float64[::,::])
#pythran export mark(float64[::,::])
#runas import numpy as np; a = np.arange(30.0).reshape(5, 6); sum2(a[::2, ::3]), sum2(a[1:, ::-1]), sum2(a)
#runas import numpy as np; a = np.zeros((4, 6)); mark(a[1::2, ::2]); a


def sum2(a):
    s = 0.0
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            s += float(a[i, j]) * (i + 2 * j)
    return s, a.shape


def mark(a):
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            a[i, j] = i * 10.0 + j
