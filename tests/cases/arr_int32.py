"""int32 arrays: reads are np.int32, `a[i] + 1` stays np.int32 and wraps on
overflow like NumPy; writes; mixing with int64 elements promotes to np.int64."""
#pythran export inc(int32[:])
#pythran export wrap(int32[:])
#pythran export mixed(int32[:], int64[:])
#pythran export prefix(int32[:])
#runas import numpy as np; a = np.array([1, -5, 100], dtype=np.int32); inc(a); a
#runas import numpy as np; a = np.array([2147483647, -2147483648], dtype=np.int32); wrap(a)
#runas import numpy as np; a = np.array([1, 2], dtype=np.int32); b = np.array([10, 20]); mixed(a, b)
#runas import numpy as np; a = np.arange(1, 9, dtype=np.int32); prefix(a); a


def inc(a):
    for i in range(a.shape[0]):
        a[i] = a[i] + 1
    return a[0] + 1


def wrap(a):
    return a[0] + 1, a[1] - 1, a[0] * 2


def mixed(a, b):
    return a[0] + b[0], a[1] * b[1], a[0] + a[1]


def prefix(a):
    for i in range(1, a.shape[0]):
        a[i] += a[i - 1]
