"""3-D int64 arrays: a[i, j, k] read/write and attributes."""
#pythran export sum3(int64[:,:,:])
#pythran export fill3(int64[:,:,:])
#pythran export attrs(int64[:,:,:])
#runas import numpy as np; a = np.arange(24).reshape(2, 3, 4).copy(); sum3(a)
#runas import numpy as np; a = np.zeros((2, 3, 4), dtype=np.int64); fill3(a); a
#runas import numpy as np; a = np.zeros((2, 3, 5), dtype=np.int64); attrs(a)


def sum3(a):
    s = 0
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            for k in range(a.shape[2]):
                s += int(a[i, j, k]) * (i - j + k)
    return s, a[1, -1, -2], a[-1, 0, 3]


def fill3(a):
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            for k in range(a.shape[2]):
                a[i, j, k] = 100 * i + 10 * j + k
    a[-1, -1, -1] = -1


def attrs(a):
    return a.shape, a.ndim, a.size, len(a), a.shape[2]
