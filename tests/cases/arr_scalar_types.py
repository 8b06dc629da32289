"""Elements come back as NumPy scalars of the array's dtype (np.float32,
np.int64, np.int32, np.bool); NumPy 2 promotion keeps them there when combined
with Python scalars (np.int32 + 1 stays np.int32, but np.int32 * 2.5 is
np.float64); comparisons of elements give np.bool."""
#pythran export el_f32(float32[:])
#pythran export el_i64(int64[:])
#pythran export el_i32(int32[:])
#pythran export el_bool(bool[:])
#pythran export cmp_el(float64[:])
#runas import numpy as np; a = np.array([1.5, -2.25], dtype=np.float32); el_f32(a)
#runas import numpy as np; a = np.array([7, -3]); el_i64(a)
#runas import numpy as np; a = np.array([7, -3], dtype=np.int32); el_i32(a)
#runas import numpy as np; a = np.array([True, False]); el_bool(a)
#runas import numpy as np; a = np.array([1.0, 2.0, 2.0]); cmp_el(a)


def el_f32(a):
    return a[0], a[1] + 1.5, a[0] * 2, a[0] + a[1], -a[1]


def el_i64(a):
    return a[0], a[0] + 1, a[1] * 2.5, a[0] // 2, a[1] % 4, a[0] / 2


def el_i32(a):
    return a[0], a[0] + 1, a[1] * 2.5, a[0] - a[1], a[1] // 2


def el_bool(a):
    return a[0], a[1], a[0] + 1, not a[0]


def cmp_el(a):
    return a[0] < a[1], a[1] == a[2], a[0] > 1.5, a[2] != 2
