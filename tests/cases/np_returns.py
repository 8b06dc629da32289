"""What comes back: views of the arguments (writing into a returned view
changes the caller's array, and the caller's writes show in the view),
tuples mixing arrays and scalars, NumPy scalars (`np.sum(a)` is an
`np.float64`, an element of an int32 array an `np.int32`), Python scalars
from `.item()`/`float()`/`int()`, and arrays created inside."""
import numpy as np

#pythran export row_view(float64[:,:], int)
#pythran export col_view(float64[:,:], int)
#pythran export rev_view(int64[:])
#pythran export t_view(float64[:,:])
#pythran export same_array(float64[:])
#pythran export reshaped_view(float64[:])
#pythran export mixed_tuple(float64[:], int)
#pythran export nested_tuple(float32[:])
#pythran export np_scalars(float64[:])
#pythran export np_scalars(int32[:])
#pythran export np_scalars(uint8[:])
#pythran export np_scalars(bool[:])
#pythran export np_scalars(float32[:])
#pythran export py_scalars(float64[:])
#pythran export py_scalars(int8[:])
#pythran export scalar_arith(float32[:], float)
#pythran export scalar_arith(int16[:], int)
#pythran export fresh(int)
#pythran export maybe_view(float64[:], bool)
#runas import numpy as np; a = np.arange(12.0).reshape(3, 4); r = row_view(a, 1); r[0] = -1.0; a[1, 3] = -3.0; r, a
#runas import numpy as np; a = np.asfortranarray(np.arange(12.0).reshape(3, 4)); c = col_view(a, -1); c[0] = 9.0; a[2, 3] = 8.0; c, a
#runas import numpy as np; a = np.arange(5); v = rev_view(a); v[0] = 100; a[0] = -100; v, a
#runas import numpy as np; a = np.zeros((2, 3)); t = t_view(a); t[2, 1] = 7.0; a
#runas import numpy as np; a = np.arange(3.0); b = same_array(a); b[1] = 42.0; a, b is a
#runas import numpy as np; a = np.arange(6.0); m = reshaped_view(a); m[1, 2] = -5.0; a
#runas import numpy as np; mixed_tuple(np.array([1.5, 2.5, -3.0]), 2)
#runas import numpy as np; nested_tuple(np.array([1.0, 2.0], dtype=np.float32))
#runas import numpy as np; np_scalars(np.array([1.5, 2.5])), np_scalars(np.array([3, 4], dtype=np.int32)), np_scalars(np.array([200, 100], dtype=np.uint8))
#runas import numpy as np; np_scalars(np.array([True, False])), np_scalars(np.array([0.5, 0.25], dtype=np.float32))
#runas import numpy as np; py_scalars(np.array([2.5, -1.0])), py_scalars(np.array([-7, 3], dtype=np.int8))
#runas import numpy as np; scalar_arith(np.array([1.5, 2.0], dtype=np.float32), 0.1), scalar_arith(np.array([300, -2], dtype=np.int16), 7)
#runas fresh(3), fresh(0)
#runas import numpy as np; a = np.arange(4.0); m = maybe_view(a, True); m[0] = -1.0; a
#runas import numpy as np; a = np.arange(4.0); m = maybe_view(a, False); m[0] = -1.0; a


def row_view(a, i):
    return a[i]


def col_view(a, j):
    return a[:, j]


def rev_view(a):
    return a[::-1]


def t_view(a):
    return a.T


def same_array(a):
    return a


def reshaped_view(a):
    return a.reshape(2, 3)


def mixed_tuple(a, i):
    return a, a[i], a.shape, a[1:], float(a[0]), i, a.sum() > 0


def nested_tuple(a):
    return (a, (a[0], (a.size, a * 2)))


def np_scalars(a):
    return a[0], np.sum(a), a.max(), np.mean(a), a[0] + a[1], a[1] * 2, a[0] < a[1], a.sum() * 1.0


def py_scalars(a):
    return float(a[0]), int(a[1]), bool(a[0]), a[:1].item(), len(a)


def scalar_arith(a, s):
    return a[0] + s, s * a[1], a[0] // 2, a[0] ** 2, abs(a[1]), -a[0]


def fresh(n):
    z = np.zeros(n)
    return z, np.ones((n, 2), dtype=np.int32), z + 1.0


def maybe_view(a, view):
    if view:
        return a[::2]
    return a[::2].copy()
