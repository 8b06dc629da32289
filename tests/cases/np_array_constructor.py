"""`np.array(...)` / `np.asarray(...)` in compiled code: from (nested) list
and tuple displays of numbers (NumPy's dtype: promotion of the items, Python
ints as int64 and floats as float64; `dtype=` converts), from scalars (0-d
arrays) and from arrays (`np.array` copies, `np.asarray` returns the same
array when the dtype already matches)."""
import numpy as np

#pythran export make(float)
#pythran export as_arr(float64[::])
#pythran export mixed(int, float)
#pythran export nested3()
#pythran export copies(float64[:])
#pythran export scalars(int)
#runas make(2.5)
#runas import numpy as np; as_arr(np.arange(3.0))
#runas import numpy as np; as_arr(np.arange(6.0)[::-2])
#runas mixed(3, 0.5)
#runas nested3()
#runas import numpy as np; a = np.arange(3.0); copies(a); a
#runas scalars(7)


def make(x):
    return np.array([x, 2.0 * x]), np.array([[1, 2], [3, 4]])


def as_arr(a):
    b = np.asarray(a)
    b[0] = 5.0
    return np.asarray(a) + 1.0, np.asarray(a, dtype=np.int32), a


def mixed(i, x):
    return (np.array([i, True]), np.array((i, x)), np.array([i, i], dtype=np.float32),
            np.array([np.float32(x), np.float32(1.0)]), np.array([np.int8(1), i]), np.array([]))


def nested3():
    return np.array([[[1.0, 2.0], [3.0, 4.0]], [[5.0, 6.0], [7.0, 8.0]]]), np.array([[1, 2, 3]], dtype=np.uint8)


def copies(a):
    b = np.array(a)
    b[0] = 100.0
    c = np.asarray(a)
    c[1] = -1.0
    return b


def scalars(i):
    return np.array(i), np.array(2.5), np.asarray(i, dtype=np.float64)
