"""float64[:,:] arguments: a[i, j] read/write, shape, negative indices,
and a Fortran-ordered (transposed) input, which a plain 2-D spec accepts."""
#pythran export trace(float64[:,:])
#pythran export scale_rows(float64[:,:])
#pythran export corners(float64[:,:])
#runas import numpy as np; a = np.arange(12.0).reshape(3, 4); trace(a)
#runas import numpy as np; a = np.ones((3, 4)); a[1, 2] = 5.0; scale_rows(a); a
#runas import numpy as np; a = np.arange(12.0).reshape(3, 4); corners(a)
#runas import numpy as np; a = np.arange(12.0).reshape(3, 4).copy(); corners(a.T)
#runas import numpy as np; b = np.arange(6.0).reshape(2, 3).T.copy(order="F"); scale_rows(b); b


def trace(a):
    s = 0.0
    for i in range(min(a.shape[0], a.shape[1])):
        s += float(a[i, i])
    return s


def scale_rows(a):
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            a[i, j] = a[i, j] * (i + 1) + j


def corners(a):
    return a[0, 0], a[0, -1], a[-1, 0], a[-1, -1], a.shape, a[1, 2]
