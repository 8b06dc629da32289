"""Returning tuples: (array, array), (int, float), (array, int, float)."""
#pythran export split_sign(float64[:])
#pythran export stats(int64[:])
#pythran export mixed(int)
#runas import numpy as np; a = np.array([1.5, -2.0, 0.0, 3.0, -0.5]); split_sign(a)
#runas import numpy as np; a = np.array([3, 1, 4, 1, 5, 9, 2, 6]); stats(a)
#runas mixed(4)
import numpy as np


def split_sign(a):
    n = a.shape[0]
    pos = np.zeros(n)
    neg = np.zeros(n)
    for i in range(n):
        if a[i] > 0.0:
            pos[i] = a[i]
        else:
            neg[i] = a[i]
    return pos, neg


def stats(a):
    s = 0
    mx = int(a[0])
    for i in range(a.shape[0]):
        s += int(a[i])
        if a[i] > mx:
            mx = int(a[i])
    return mx, s / a.shape[0]


def mixed(n):
    a = np.ones(n, dtype=np.int64)
    return a, n * 2, n / 3.0
