"""Array creation with the dtype keyword: np.int64, np.int32, np.float32, bool,
and the Python types int/float."""
#pythran export mk_i64(int)
#pythran export mk_i32(int)
#pythran export mk_f32(int)
#pythran export mk_bool(int)
#pythran export mk_pytypes(int)
#runas mk_i64(4)
#runas mk_i32(3)
#runas mk_f32(3)
#runas mk_bool(4)
#runas mk_pytypes(2)
import numpy as np


def mk_i64(n):
    a = np.zeros(n, dtype=np.int64)
    a[1] = 7
    return a, np.ones((2, n), dtype=np.int64)


def mk_i32(n):
    a = np.empty(n, dtype=np.int32)
    for i in range(n):
        a[i] = i - 1
    return a


def mk_f32(n):
    a = np.ones(n, dtype=np.float32)
    a[0] = 0.1
    return a, np.zeros((n, 2), dtype=np.float32)


def mk_bool(n):
    a = np.zeros(n, dtype=bool)
    a[2] = True
    return a, np.ones((n, 1), dtype=bool)


def mk_pytypes(n):
    return np.zeros(n, dtype=int), np.ones(n, dtype=float)
