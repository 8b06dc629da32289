"""4-D float32 arrays: a[i, j, k, l] read/write; elements are np.float32."""
#pythran export get4(float32[:,:,:,:], int, int, int, int)
#pythran export inc4(float32[:,:,:,:])
#pythran export attrs4(float32[:,:,:,:])
#runas import numpy as np; a = np.arange(120, dtype=np.float32).reshape(2, 3, 4, 5).copy(); get4(a, 1, 2, 3, 4), get4(a, -1, -2, 0, -5)
#runas import numpy as np; a = np.zeros((2, 2, 3, 2), dtype=np.float32); inc4(a); a
#runas import numpy as np; a = np.zeros((2, 1, 3, 4), dtype=np.float32); attrs4(a)


def get4(a, i, j, k, l):
    return a[i, j, k, l]


def inc4(a):
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            for k in range(a.shape[2]):
                for l in range(a.shape[3]):
                    a[i, j, k, l] = a[i, j, k, l] + 0.1 * (i + j + k + l)


def attrs4(a):
    return a.shape, a.ndim, a.size, len(a), a.shape[-1]
