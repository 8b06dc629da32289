"""A contiguous slice (a view) passed to a contiguous spec: the function sees
the view's elements and its writes land in the base array."""
#pythran export double_it(float64[:])
#pythran export rows(float64[:,:])
#runas import numpy as np; a = np.arange(10.0); double_it(a[2:8]); a
#runas import numpy as np; a = np.arange(20.0).reshape(4, 5); rows(a[1:3]); a


def double_it(a):
    for i in range(a.shape[0]):
        a[i] = 2.0 * a[i]
    return a.shape[0]


def rows(a):
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            a[i, j] = -a[i, j]
    return a.shape
