"""Basic indexing: slices with steps (negative included), omitted bounds,
`None`/`np.newaxis`, `...`, integers mixed with slices; the results are views,
so writes through them reach the base array, and slice assignment broadcasts
(`a[1:-1, :] = row`) and copes with overlap (`a[1:] = a[:-1]`)."""
import numpy as np

#pythran export steps(float64[:])
#pythran export steps(int64[::])
#pythran export steps2(float64[:,:])
#pythran export newaxes(float64[:])
#pythran export newaxes2(float64[:,:])
#pythran export ellipsis3(int32[:,:,:])
#pythran export mixed3(float64[:,:,:], int)
#pythran export row_col(float64[:,:], int, int)
#pythran export write_view(float64[:,:])
#pythran export write_view_strided(float64[::,::])
#pythran export set_rows(float64[:,:], float64[:])
#pythran export set_scalar(int64[:,:], int)
#pythran export set_col(float64[:,:], float64[:])
#pythran export shift_right(float64[:])
#pythran export shift_left(int64[:])
#pythran export overlap2(float64[:,:])
#pythran export reversed_assign(float64[:])
#pythran export view_of_view(float64[:])
#pythran export slice_bounds(float64[:], int, int, int)
#pythran export empty_slices(float64[:])
#pythran export index_errors(float64[:,:], int)
#pythran export slice_shape_mismatch(float64[:])
#pythran export bool_elements(bool[:,:])
#runas import numpy as np; steps(np.arange(10.0))
#runas import numpy as np; steps(np.arange(20)[::3]), steps(np.arange(12)[::-2])
#runas import numpy as np; steps2(np.arange(20.0).reshape(4, 5)), steps2(np.asfortranarray(np.arange(20.0).reshape(4, 5)))
#runas import numpy as np; newaxes(np.arange(4.0))
#runas import numpy as np; newaxes2(np.arange(6.0).reshape(2, 3))
#runas import numpy as np; ellipsis3(np.arange(24, dtype=np.int32).reshape(2, 3, 4))
#runas import numpy as np; a = np.arange(24.0).reshape(2, 3, 4); mixed3(a, 1), mixed3(a, -1)
#runas import numpy as np; a = np.arange(24.0).reshape(2, 3, 4); mixed3(a, 2)
#runas import numpy as np; a = np.arange(12.0).reshape(3, 4); row_col(a, 1, 2), row_col(a, -1, -4)
#runas import numpy as np; a = np.arange(12.0).reshape(3, 4); row_col(a, 3, 0)
#runas import numpy as np; a = np.arange(12.0).reshape(3, 4); row_col(a, 0, -5)
#runas import numpy as np; a = np.zeros((4, 5)); write_view(a); a
#runas import numpy as np; a = np.zeros((4, 5), order="F"); write_view(a); a
#runas import numpy as np; b = np.zeros((6, 8)); write_view_strided(b[::2, 1::3]); b
#runas import numpy as np; b = np.zeros((6, 8)); write_view_strided(b[::-1, ::-2]); b
#runas import numpy as np; a = np.zeros((4, 3)); r = np.array([1.0, 2.0, 3.0]); set_rows(a, r); a
#runas import numpy as np; a = np.zeros((4, 3)); set_rows(a, np.array([1.0, 2.0]))
#runas import numpy as np; a = np.zeros((3, 4), dtype=np.int64); set_scalar(a, 7); a
#runas import numpy as np; a = np.zeros((3, 4)); set_col(a, np.array([1.0, 2.0, 3.0])); a
#runas import numpy as np; a = np.zeros((3, 4)); set_col(a, np.array([1.0, 2.0, 3.0, 4.0]))
#runas import numpy as np; a = np.arange(6.0); shift_right(a); a
#runas import numpy as np; a = np.arange(6); shift_left(a); a
#runas import numpy as np; a = np.arange(12.0).reshape(3, 4); overlap2(a); a
#runas import numpy as np; a = np.arange(5.0); reversed_assign(a); a
#runas import numpy as np; a = np.arange(10.0); view_of_view(a); a
#runas import numpy as np; a = np.arange(10.0); slice_bounds(a, 2, 8, 2), slice_bounds(a, -3, 100, 1), slice_bounds(a, 8, 2, -2), slice_bounds(a, 100, -100, -3)
#runas import numpy as np; a = np.arange(10.0); slice_bounds(a, 0, 5, 0)
#runas import numpy as np; empty_slices(np.arange(5.0)), empty_slices(np.zeros(0))
#runas import numpy as np; index_errors(np.zeros((2, 3)), 0)
#runas import numpy as np; index_errors(np.zeros((2, 3)), 1)
#runas import numpy as np; slice_shape_mismatch(np.zeros(6))
#runas import numpy as np; b = np.array([[True, False], [False, True]]); bool_elements(b); b


def steps(a):
    return a[::2], a[::-1], a[1::3], a[-1::-2], a[:3], a[7:], a[-3:], a[:-3], a[2:8:3], a[8:2:-2], a[::-3]


def steps2(a):
    return a[::2, ::-1], a[1:, :2], a[::-1, 1::2], a[:, -1], a[-1], a[1:3], a[:, ::-2], a[::-1, ::-1]


def newaxes(a):
    return a[None], a[:, None], a[np.newaxis, :, np.newaxis], a[None, ::-1], a[None].shape, a[:, None].shape


def newaxes2(a):
    return a[:, None, :], a[None, 1], a[..., None], a[1, :, None], a[:, np.newaxis].shape


def ellipsis3(a):
    return a[..., 0], a[0, ...], a[1, ..., 2], a[...], a[..., ::-1], a[..., 1:3, :]


def mixed3(a, i):
    return a[i], a[i, 1:], a[:, i], a[:, :, i], a[1, i, ::2], a[::-1, i]


def row_col(a, i, j):
    return a[i], a[:, j], a[i, j], a[i:, j], a[i, j:]


def write_view(a):
    v = a[1:3, ::2]
    v[0, 0] = 1.0
    v[1, -1] = 2.0
    r = a[-1]
    r[1] = 3.0
    c = a[:, 4]
    c[0] = 4.0
    t = a.T
    t[1, 0] = 5.0


def write_view_strided(a):
    v = a[:, ::-1]
    v[0, 0] = 1.0
    a[1, 1] = 2.0
    row = a[-1]
    row[0] = 3.0


def set_rows(a, row):
    a[1:-1, :] = row
    a[0] = 9.0


def set_scalar(a, v):
    a[:, 1:3] = v
    a[-1, ::2] = -v


def set_col(a, col):
    a[:, 0] = col
    a[1, :] = col[0]


def shift_right(a):
    a[1:] = a[:-1]


def shift_left(a):
    a[:-1] = a[1:]


def overlap2(a):
    a[1:, 1:] = a[:-1, :-1]
    a[:, 0] = a[0, :3][::-1]


def reversed_assign(a):
    a[:] = a[::-1]


def view_of_view(a):
    v = a[1:-1][::2][1:]
    v[0] = -1.0
    w = a[::-1][::3]
    w[0] = -2.0
    return v, w


def slice_bounds(a, start, stop, step):
    return a[start:stop:step]


def empty_slices(a):
    return a[3:1], a[5:], a[:0], a[::-1][10:], a[-100:-50]


def index_errors(a, which):
    if which == 0:
        return a[2]
    return a[:, 3]


def slice_shape_mismatch(a):
    a[::2] = a[:2]


def bool_elements(b):
    v = b[::-1]
    v[0, 0] = False
    return b[0], b[:, 1], v
