"""Reductions written as loops. `s += float(a[i])` keeps s a Python float;
`s = a[0]` then `s += a[i]` keeps a NumPy scalar; int64/int32 sums likewise."""
#pythran export fsum_py(float64[:])
#pythran export fsum_np(float64[:])
#pythran export isum(int64[:])
#pythran export isum32(int32[:])
#pythran export mean2d(float64[:,:])
#runas import numpy as np; np.random.seed(1); a = np.random.rand(1000); fsum_py(a), fsum_np(a)
#runas import numpy as np; a = np.zeros(0); fsum_py(a)
#runas import numpy as np; a = np.arange(-50, 101); isum(a)
#runas import numpy as np; a = np.arange(10, dtype=np.int32); isum32(a)
#runas import numpy as np; np.random.seed(2); a = np.random.randn(7, 9); mean2d(a)


def fsum_py(a):
    s = 0.0
    for i in range(a.shape[0]):
        s += float(a[i])
    return s


def fsum_np(a):
    s = a[0]
    for i in range(1, a.shape[0]):
        s += a[i]
    return s


def isum(a):
    s = 0
    for i in range(len(a)):
        s += int(a[i])
    return s


def isum32(a):
    s = a[0]
    for i in range(1, len(a)):
        s = s + a[i] * 3
    return s


def mean2d(a):
    s = 0.0
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            s += float(a[i, j])
    return s / a.size
