"""Zero-size arrays: loops do not run, attributes are right, and indexing an
empty array raises IndexError."""
#pythran export info(float64[:])
#pythran export first(float64[:])
#pythran export info2(int64[:,:])
#runas import numpy as np; info(np.zeros(0))
#runas import numpy as np; first(np.zeros(0))
#runas import numpy as np; info2(np.zeros((3, 0), dtype=np.int64))


def info(a):
    s = 0.0
    for i in range(a.shape[0]):
        s += 1.0
    return s, len(a), a.size, a.shape


def first(a):
    return a[0]


def info2(a):
    c = 0
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            c += 1
    return c, a.shape, a.size
