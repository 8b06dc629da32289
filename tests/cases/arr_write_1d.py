"""Writing elements of an argument array is visible to the caller; values are
cast to the array's dtype (float -> int64 truncates, int -> float32 rounds)."""
#pythran export set_ramp(float64[:])
#pythran export set_int(int64[:], float)
#pythran export set_f32(float32[:], int)
#pythran export swap_ends(int64[:])
#runas import numpy as np; a = np.zeros(5); set_ramp(a)
#runas import numpy as np; a = np.zeros(3, dtype=np.int64); set_int(a, 2.7); a
#runas import numpy as np; a = np.zeros(3, dtype=np.int64); set_int(a, -2.7)
#runas import numpy as np; a = np.zeros(2, dtype=np.float32); set_f32(a, 16777217)
#runas import numpy as np; a = np.arange(6); swap_ends(a); a


def set_ramp(a):
    n = a.shape[0]
    for i in range(n):
        a[i] = i * 0.5 - 1.0
    a[-1] = 100.0
    return n


def set_int(a, x):
    a[0] = x
    a[1] = -x
    a[-1] = 7


def set_f32(a, i):
    a[0] = i
    a[1] = i * 0.1


def swap_ends(a):
    t = a[0]
    a[0] = a[-1]
    a[-1] = t
