"""Advanced ("fancy") indexing: integer index arrays and boolean masks, for
reading (a copy) and writing (in place), 1-d to 3-d, with slices and integers
mixed in (NumPy's rule for where the index axes go), strided, reversed and
Fortran-ordered inputs, empty selections, repeated indices (the last write
wins), `a[mask] += 1`, and NumPy's errors: IndexError for out-of-range indices
and mismatched masks or index shapes, ValueError for values that do not fit."""
import numpy as np

#pythran export mask_read(float64[:])
#pythran export mask_write(float64[:])
#pythran export take(float64[:], int64[:])
#pythran export take(int32[:], int32[:])
#pythran export take(float64[::], int64[:])
#pythran export take2(float64[:,:], int64[:])
#pythran export take2(float64[::,::], int64[:])
#pythran export put(float64[:], int64[:], float64)
#pythran export put_arr(int64[:], int64[:], float64[:])
#pythran export mask_aug(float64[:,:])
#pythran export idx_aug(int64[:], int64[:])
#pythran export mask2(float64[:,:])
#pythran export mask_rows(float64[:,:], bool[:])
#pythran export mask_rows_set(float64[:,:], bool[:], float64[:])
#pythran export mixed3(float64[:,:,:], int64[:])
#pythran export idx2d(float64[:], int64[:,:])
#pythran export strided(float64[:])
#pythran export clip_neg(int64[:,:])
#pythran export pairs(float64[:,:], int64[:], int64[:])
#pythran export method_forms(float64[:], int64[:])
#runas import numpy as np; mask_read(np.array([1.0, -2.0, 3.0, np.nan]))
#runas import numpy as np; mask_read(np.zeros(0))
#runas import numpy as np; a = np.array([1.0, -2.0, 3.0, -0.5]); mask_write(a); a
#runas import numpy as np; take(np.arange(5.0), np.array([4, 0, -1, 0]))
#runas import numpy as np; take(np.arange(5.0), np.array([5]))
#runas import numpy as np; take(np.arange(5.0), np.array([-6]))
#runas import numpy as np; take(np.arange(5.0), np.zeros(0, dtype=np.int64))
#runas import numpy as np; take(np.arange(5.0)[::-2], np.array([2, 1]))
#runas import numpy as np; take(np.arange(6, dtype=np.int32), np.array([5, -6], dtype=np.int32))
#runas import numpy as np; take(np.zeros(0), np.array([0]))
#runas import numpy as np; take2(np.arange(12.0).reshape(3, 4), np.array([2, 0]))
#runas import numpy as np; take2(np.asfortranarray(np.arange(12.0).reshape(3, 4)), np.array([-1, 1, 1]))
#runas import numpy as np; take2(np.arange(12.0).reshape(3, 4), np.array([3]))
#runas import numpy as np; a = np.arange(5.0); put(a, np.array([0, -1, 0]), 7.5); a
#runas import numpy as np; a = np.arange(5.0); put(a, np.array([5]), 1.0); a
#runas import numpy as np; a = np.arange(5); put_arr(a, np.array([1, 3]), np.array([-1.5, 9.9])); a
#runas import numpy as np; a = np.arange(5); put_arr(a, np.array([1, 3]), np.array([2.0])); a
#runas import numpy as np; a = np.arange(5); put_arr(a, np.array([1, 3]), np.array([1.0, 2.0, 3.0])); a
#runas import numpy as np; a = np.arange(5); put_arr(a, np.array([4, 4]), np.array([1.0, 2.0])); a
#runas import numpy as np; a = np.arange(12.0).reshape(3, 4) - 5; mask_aug(a); a
#runas import numpy as np; a = np.arange(5); idx_aug(a, np.array([0, 2, -1])); a
#runas import numpy as np; mask2(np.arange(12.0).reshape(3, 4) - 5)
#runas import numpy as np; mask2(np.asfortranarray(np.arange(12.0).reshape(4, 3) - 5))
#runas import numpy as np; mask_rows(np.arange(12.0).reshape(3, 4), np.array([True, False, True]))
#runas import numpy as np; mask_rows(np.arange(12.0).reshape(3, 4), np.array([True, False]))
#runas import numpy as np; a = np.zeros((3, 2)); mask_rows_set(a, np.array([False, True, True]), np.array([1.0, 2.0])); a
#runas import numpy as np; a = np.zeros((3, 2)); mask_rows_set(a, np.array([False, True, True]), np.array([1.0, 2.0, 3.0])); a
#runas import numpy as np; mixed3(np.arange(24.0).reshape(2, 3, 4), np.array([3, 0, 1]))
#runas import numpy as np; mixed3(np.arange(24.0).reshape(2, 3, 4), np.array([1, 4]))
#runas import numpy as np; idx2d(np.arange(10.0), np.array([[1, 2], [3, -1], [0, 0]]))
#runas import numpy as np; strided(np.arange(10.0))
#runas import numpy as np; a = np.arange(-6, 6).reshape(3, 4); clip_neg(a); a
#runas import numpy as np; pairs(np.arange(12.0).reshape(3, 4), np.array([0, 2]), np.array([3, 1]))
#runas import numpy as np; pairs(np.arange(12.0).reshape(3, 4), np.array([0, 2]), np.array([3, 1, 0]))
#runas import numpy as np; method_forms(np.arange(4.0), np.array([3, 1]))


def mask_read(a):
    return a[a > 0], a[~np.isnan(a)]


def mask_write(a):
    a[a < 0] = 0.0


def take(a, idx):
    return a[idx]


def take2(a, idx):
    return a[idx], a[:, idx], a[idx, idx], a[idx, 1:], a[..., idx]


def put(a, idx, v):
    a[idx] = v


def put_arr(a, idx, v):
    a[idx] = v


def mask_aug(a):
    a[a > 0] += 1.0
    a[a < -2] *= 2


def idx_aug(a, idx):
    a[idx] += 10


def mask2(a):
    return a[a > 0], a[a.T.T < -100]


def mask_rows(a, m):
    return a[m], a[m, 1], a[m, ::-1]


def mask_rows_set(a, m, v):
    a[m] = v
    a[~m, 0] = -1.0


def mixed3(a, idx):
    # Integers mixed with index arrays are advanced indices too: separated
    # by a slice, the index axes come first.
    return a[1, :, idx], a[:, 1, idx], a[1, idx[:2] % 3, :], a[..., idx[0]]


def idx2d(a, idx):
    return a[idx], a[idx].shape


def strided(a):
    b = a[::3]
    c = a[::-1]
    return b[b > 2.0], c[np.array([0, 1])], c[c > 5.0]


def clip_neg(a):
    a[a < 0] = 0


def pairs(a, i, j):
    return a[i, j], a[i[:, np.newaxis] % 3, j]


def method_forms(a, idx):
    b = a.__getitem__(idx)
    a.__setitem__(idx, -1.0)
    return b, a
