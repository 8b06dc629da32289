"""`a.flat` read in C order (iteration, indexing, `len`, reductions over it)
on contiguous, transposed and strided arrays, and `a.tolist()` for every
kind of dtype and for 0-d to 3-d arrays (nested lists of Python scalars)."""
import numpy as np

#pythran export flat_sum(float64[:,:])
#pythran export flat_sum(float64[::,::])
#pythran export flat_items(int64[:,:,:], int)
#pythran export tolist_2d(float64[:,:])
#pythran export tolist_2d(float64[::,::])
#pythran export tolist_1d_int(int32[:])
#pythran export tolist_1d_bool(bool[:])
#pythran export tolist_3d(int64[:,:,:])
#pythran export tolist_f32(float32[:])
#pythran export tolist_complex(complex128[:])
#pythran export tolist_0d(float64)
#runas import numpy as np; flat_sum(np.arange(12.0).reshape(3, 4))
#runas import numpy as np; flat_sum(np.arange(12.0).reshape(3, 4).T)
#runas import numpy as np; flat_sum(np.arange(24.0).reshape(4, 6)[::2, 1::2])
#runas import numpy as np; flat_sum(np.zeros((0, 3)))
#runas import numpy as np; flat_items(np.arange(24, dtype=np.int64).reshape(2, 3, 4), 5)
#runas import numpy as np; flat_items(np.arange(24, dtype=np.int64).reshape(2, 3, 4), -1)
#runas import numpy as np; flat_items(np.arange(24, dtype=np.int64).reshape(2, 3, 4), 24)
#kiln-xfail: the IndexError message names axis 0 ("for axis 0 with size 24"); NumPy's flat iterator says "for size 24"
#runas import numpy as np; tolist_2d(np.arange(6.0).reshape(2, 3) / 7.0)
#runas import numpy as np; tolist_2d(np.arange(6.0).reshape(2, 3).T)
#runas import numpy as np; tolist_2d(np.zeros((2, 0)))
#runas import numpy as np; tolist_1d_int(np.array([-3, 0, 2**31 - 1], dtype=np.int32))
#runas import numpy as np; tolist_1d_bool(np.array([True, False, True]))
#runas import numpy as np; tolist_3d(np.arange(12, dtype=np.int64).reshape(2, 3, 2))
#runas import numpy as np; tolist_f32(np.array([0.1, -2.5, np.inf], dtype=np.float32))
#runas import numpy as np; tolist_complex(np.array([1 + 2j, -0.5j]))
#runas tolist_0d(2.5)


def flat_sum(a):
    s = 0.0
    k = 0
    for x in a.flat:
        s += float(x) * (k + 1)
        k += 1
    return s, len(a.flat), np.sum(a.flat)


def flat_items(a, i):
    return a.flat[i]


def tolist_2d(a):
    return a.tolist()


def tolist_1d_int(a):
    return a.tolist()


def tolist_1d_bool(a):
    return a.tolist()


def tolist_3d(a):
    return a.tolist()


def tolist_f32(a):
    return a.tolist()


def tolist_complex(a):
    return a.tolist()


def tolist_0d(x):
    return np.array(x).tolist()
