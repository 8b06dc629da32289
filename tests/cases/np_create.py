"""Array creation: zeros/ones/empty/full and their `_like` forms, arange,
linspace, eye, identity, copy and astype, with dtypes and the errors NumPy
raises for bad arguments."""
import numpy as np

#pythran export zeros_ones(int, int)
#pythran export empty_shapes(int)
#pythran export full_forms(int, float)
#pythran export full_int(int, int)
#pythran export likes(float64[:,:])
#pythran export likes(int32[:])
#pythran export likes(bool[:,:,:])
#pythran export full_likes(int64[:], float)
#pythran export full_likes(float32[:,:], float)
#pythran export aranges(int)
#pythran export arange3(int, int, int)
#pythran export arange3f(float, float, float)
#pythran export arange_dtypes(int)
#pythran export arange_bool(int)
#pythran export linspaces(float, float, int)
#pythran export linspace_noend(float, float, int)
#pythran export eyes(int)
#pythran export eye_nm(int, int, int)
#pythran export identities(int)
#pythran export copies(float64[:,:])
#pythran export copies(float64[::])
#pythran export copy_is_fresh(float64[:])
#pythran export astypes(float64[:])
#pythran export astype_ints(int64[:])
#pythran export astype_2d(float32[:,:])
#pythran export neg_dim(int)
#runas zeros_ones(2, 3), zeros_ones(0, 4)
#runas zeros_ones(-1, 3)
#runas empty_shapes(3), empty_shapes(0)
#runas full_forms(3, 2.5), full_int(2, 7)
#runas import numpy as np; likes(np.arange(6.0).reshape(2, 3)), likes(np.arange(3, dtype=np.int32)), likes(np.ones((2, 1, 2), dtype=bool))
#runas import numpy as np; likes(np.asfortranarray(np.arange(6.0).reshape(2, 3)))
#runas import numpy as np; full_likes(np.arange(3), 2.75), full_likes(np.ones((2, 2), dtype=np.float32), 1e40)
#runas aranges(5), aranges(0), aranges(-2)
#runas arange3(1, 10, 3), arange3(10, 1, -3), arange3(5, 5, 1), arange3(0, -7, -2), arange3(3, 1, 1)
#runas arange3(0, 5, 0)
#runas arange3f(0.0, 1.0, 0.1), arange3f(1.0, -1.0, -0.25), arange3f(0.5, 3.0, 1.0), arange3f(0.0, 1.0, 3.0)
#runas arange3f(0.0, 1.0, 0.0)
#runas arange_dtypes(4)
#runas arange_bool(2), arange_bool(0)
#runas linspaces(0.0, 1.0, 5), linspaces(2.0, -3.0, 7), linspaces(0.0, 1.0, 2), linspaces(0.0, 1.0, 0), linspaces(1.0, 1.0, 3)
#runas linspaces(0.0, 1.0, -1)
#runas linspace_noend(0.0, 1.0, 4), linspace_noend(-1.0, 1.0, 0)
#runas eyes(3), eyes(0)
#runas eye_nm(3, 4, 1), eye_nm(4, 3, -1), eye_nm(2, 2, 5), eye_nm(3, 5, -4)
#runas identities(4), identities(1)
#runas import numpy as np; a = np.arange(6.0).reshape(2, 3); copies(a), copies(np.asfortranarray(a)); a
#runas import numpy as np; a = np.arange(10.0); copies(a[::-3]); a
#runas import numpy as np; a = np.arange(4.0); copy_is_fresh(a); a
#runas import numpy as np; astypes(np.array([0.0, -1.5, 2.5, 1e10, -0.0, 255.9, 3.999]))
#runas import numpy as np; astypes(np.array([np.nan, np.inf]))
#runas import numpy as np; astype_ints(np.array([0, -1, 255, 256, 2**31, -(2**31) - 1, 2**62]))
#runas import numpy as np; astype_2d(np.asfortranarray(np.arange(6, dtype=np.float32).reshape(2, 3) - 2.5))
#runas neg_dim(-2)


def zeros_ones(n, m):
    return np.zeros((n, m)), np.ones((m, n), dtype=np.int32), np.zeros(n, dtype=bool), np.ones(m, np.float32)


def empty_shapes(n):
    a = np.empty((n, 2))
    b = np.empty(n, dtype=np.int8)
    return a.shape, b.shape, a.ndim, b.size


def full_forms(n, v):
    return np.full(n, v), np.full((n, 2), v, dtype=np.float32), np.full((2, n), 3), np.full(n, True)


def full_int(n, v):
    return np.full((n, n), v), np.full(n, v, dtype=np.int8), np.full(n, v, np.float64)


def likes(a):
    z = np.zeros_like(a)
    o = np.ones_like(a)
    e = np.empty_like(a)
    return z, o, e.shape, np.zeros_like(a, dtype=np.float32), np.ones_like(a, dtype=np.int64)


def full_likes(a, v):
    return np.full_like(a, v), np.full_like(a, 7), np.full_like(a, v, dtype=np.float64)


def aranges(n):
    return np.arange(n), np.arange(n, dtype=np.float64), np.arange(float(n)), np.arange(n, dtype=np.int8)


def arange3(a, b, c):
    return np.arange(a, b, c)


def arange3f(a, b, c):
    return np.arange(a, b, c)


def arange_dtypes(n):
    return np.arange(n, dtype=np.uint8), np.arange(1, n, dtype=np.float32), np.arange(0.5, n), np.arange(-n, n, 3, dtype=np.int32)


def arange_bool(n):
    return np.arange(n, dtype=bool)


def linspaces(a, b, n):
    return np.linspace(a, b, n)


def linspace_noend(a, b, n):
    return np.linspace(a, b, n, endpoint=False), np.linspace(a, b, n, endpoint=True)


def eyes(n):
    return np.eye(n), np.eye(n, dtype=np.int32), np.eye(n, n + 1)


def eye_nm(n, m, k):
    return np.eye(n, m, k), np.eye(n, m, k, dtype=bool)


def identities(n):
    return np.identity(n), np.identity(n, dtype=np.int64)


def copies(a):
    b = a.copy()
    c = np.copy(a)
    b[0] = -1.0
    c[-1] = -2.0
    return b, c


def copy_is_fresh(a):
    b = a.copy()
    b[0] = 99.0
    return b


def astypes(a):
    return a.astype(np.int64), a.astype(np.int32), a.astype(np.float32), a.astype(bool), a.astype(np.int8)


def astype_ints(a):
    return a.astype(np.uint8), a.astype(np.int32), a.astype(np.float64), a.astype(np.float32), a.astype(bool)


def astype_2d(a):
    return a.astype(np.float64), a.astype(np.int16), a.astype(np.uint8)


def neg_dim(n):
    return np.ones(n)
