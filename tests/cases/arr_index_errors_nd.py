"""Out-of-bounds on later axes of 2-D, 3-D and 4-D arrays (the message names
the axis)."""
#pythran export get2(float64[:,:], int, int)
#pythran export set3(int32[:,:,:], int, int, int)
#pythran export get4(float64[:,:,:,:], int, int, int, int)
#runas import numpy as np; a = np.zeros((3, 4)); get2(a, -4, 0)
#runas import numpy as np; a = np.zeros((3, 4)); get2(a, 2, -5)
#runas import numpy as np; a = np.zeros((2, 3, 4), dtype=np.int32); set3(a, 1, 2, 4)
#runas import numpy as np; a = np.zeros((2, 3, 4, 5)); get4(a, 1, 3, 0, 0)
#runas import numpy as np; a = np.zeros((2, 3, 4, 5)); get4(a, 1, 2, 3, -6)


def get2(a, i, j):
    return a[i, j]


def set3(a, i, j, k):
    a[i, j, k] = 1


def get4(a, i, j, k, l):
    return a[i, j, k, l]
