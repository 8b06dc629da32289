"""Out-of-bounds element access raises IndexError with NumPy's message, for
reads and writes, too-large and too-negative indices, any axis. Writes done
before the error stay visible."""
#pythran export get(float64[:], int)
#pythran export put(float64[:], int)
#pythran export get2(float64[:,:], int, int)
#pythran export fill_past(int64[:], int)
#runas import numpy as np; a = np.zeros(5); get(a, 10)
#runas import numpy as np; a = np.zeros(5); get(a, -6)
#runas import numpy as np; a = np.zeros(5); put(a, 5)
#runas import numpy as np; a = np.zeros(5); put(a, -6)
#runas import numpy as np; a = np.zeros((3, 4)); get2(a, 1, 7)
#runas import numpy as np; a = np.zeros(4, dtype=np.int64); fill_past(a, 6)


def get(a, i):
    return a[i]


def put(a, i):
    a[0] = 1.0
    a[i] = 2.0


def get2(a, i, j):
    return a[i, j]


def fill_past(a, n):
    for i in range(n):
        a[i] = i + 1
    return n
