"""`np.where(cond)` with one argument is `np.nonzero(cond)`: a tuple of int64
index arrays, one per axis, in C order; 1-d to 3-d, strided and Fortran
inputs, empty results, and NumPy's ValueError for a 0-d condition."""
import numpy as np

#pythran export where1(float64[:,:])
#pythran export where1(float64[::,::])
#pythran export where_1d(int64[::])
#pythran export where_3d(bool[:,:,:])
#pythran export where_scalar(float)
#runas import numpy as np; where1(np.array([[0.0, 1.0], [2.0, 0.0]]))
#runas import numpy as np; where1(np.asfortranarray(np.array([[0.0, 1.0, 3.0], [2.0, 0.0, -1.0]])))
#runas import numpy as np; where1(np.zeros((0, 3)))
#runas import numpy as np; where_1d(np.array([0, 5, -3, 0, 2]))
#runas import numpy as np; where_1d(np.arange(10)[::-3])
#runas import numpy as np; where_3d(np.arange(24).reshape(2, 3, 4) % 5 == 0)
#runas where_scalar(1.5)


def where1(a):
    return np.where(a > 0)


def where_1d(a):
    (i,) = np.where(a)
    return i, a[np.where(a > 0)]


def where_3d(m):
    return np.where(m)


def where_scalar(x):
    return np.where(x > 1.0)
