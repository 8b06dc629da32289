"""np.zeros / np.ones / np.empty with an int or a shape tuple, returned as new
arrays (np.empty's contents are fully overwritten before returning)."""
#pythran export zeros1(int)
#pythran export ones2(int, int)
#pythran export empty_filled(int, int)
#pythran export zeros3(int)
#pythran export zero_len()
#runas zeros1(5)
#runas ones2(2, 3)
#runas empty_filled(3, 4)
#runas zeros3(2)
#runas zero_len()
import numpy as np


def zeros1(n):
    a = np.zeros(n)
    a[n - 1] = 1.0
    return a


def ones2(n, m):
    return np.ones((n, m))


def empty_filled(n, m):
    a = np.empty((n, m))
    for i in range(n):
        for j in range(m):
            a[i, j] = i * m + j
    return a


def zeros3(n):
    a = np.zeros((n, n + 1, n + 2))
    a[1, 2, 3] = 5.0
    return a


def zero_len():
    return np.zeros(0), np.ones((0, 3))
