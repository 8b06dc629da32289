"""One function exported for float64[:] and for int64[:]: each call runs the
overload matching its argument, so element and result types follow it."""
#pythran export total(float64[:])
#pythran export total(int64[:])
#pythran export first_plus(float64[:])
#pythran export first_plus(int64[:])
#pythran export first_plus(int32[:])
#runas import numpy as np; total(np.array([1.5, 2.5])), total(np.array([1, 2, 3]))
#runas import numpy as np; first_plus(np.array([0.5])), first_plus(np.array([7])), first_plus(np.array([7], dtype=np.int32))


def total(a):
    s = a[0] - a[0]
    for i in range(a.shape[0]):
        s += a[i]
    return s


def first_plus(a):
    return a[0] + 1
