"""a.shape (a tuple of ints), a.shape[k], a.ndim, a.size and len(a) for 1-D to
4-D arrays, including empty ones."""
#pythran export a1(float64[:])
#pythran export a2(int32[:,:])
#pythran export a4(bool[:,:,:,:])
#runas import numpy as np; a1(np.zeros(7)), a1(np.zeros(0))
#runas import numpy as np; a2(np.zeros((3, 5), dtype=np.int32)), a2(np.zeros((0, 4), dtype=np.int32))
#runas import numpy as np; a4(np.zeros((2, 3, 4, 5), dtype=bool))


def a1(a):
    return a.shape, a.shape[0], a.ndim, a.size, len(a)


def a2(a):
    return a.shape, a.shape[0], a.shape[1], a.shape[-1], a.ndim, a.size, len(a)


def a4(a):
    return a.shape, a.shape[-2], a.ndim, a.size, len(a)
