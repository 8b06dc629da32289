"""Strided 1-D arguments (`float64[::]`): every other element, reversed, and
offset views; writes go through to the base array."""
#pythran export ssum(float64[::])
#pythran export sfill(float64[::])
#pythran export ifill(int64[::])
#runas import numpy as np; a = np.arange(10.0); ssum(a[::2]), ssum(a[::-1]), ssum(a[1::3]), ssum(a)
#runas import numpy as np; a = np.zeros(10); sfill(a[::2]); a
#runas import numpy as np; a = np.zeros(7); sfill(a[::-2]); a
#runas import numpy as np; a = np.zeros((4, 5), dtype=np.int64); ifill(a[:, 2]); a


def ssum(a):
    s = 0.0
    for i in range(len(a)):
        s += float(a[i]) * (i + 1)
    return s, a[-1], a.shape


def sfill(a):
    for i in range(a.shape[0]):
        a[i] = i + 1.0


def ifill(a):
    for i in range(a.shape[0]):
        a[i] = 10 * i - 1
