"""Keyword arguments of ufuncs: `out=` (the result written into an existing
array, which is also the value; inputs may overlap it; NumPy's ValueError
when the result does not fit its shape), `dtype=` (the loop's dtype: inputs
converted first) and `where=` together with `out=` (elements where the mask
is false keep their value)."""
import numpy as np

#pythran export add_out(float64[:], float64[:])
#pythran export sqrt_dtype(float64[:])
#pythran export where_out(float64[:], float64[:])
#pythran export out_2d(float64[:,:], float64[:])
#pythran export out_2d(float64[::,::], float64[:])
#pythran export out_int(int64[:], int64[:])
#runas import numpy as np; a = np.ones(3); o = np.zeros(3); add_out(a, o); o
#runas import numpy as np; a = np.ones(3); o = np.zeros(2); add_out(a, o); o
#kiln-xfail: the ValueError for an `out=` of the wrong shape lists the shapes as for `o += r` (out, result, out), not NumPy's (inputs, out)
#runas import numpy as np; sqrt_dtype(np.array([4.0, 2.0]))
#runas import numpy as np; a = np.array([1.0, 4.0, 9.0]); o = np.full(3, -1.0); where_out(a, o); o
#runas import numpy as np; o = np.zeros((2, 3)); out_2d(o, np.arange(3.0)); o
#runas import numpy as np; o = np.zeros((2, 3))[:, ::-1]; out_2d(o, np.arange(3.0)); o
#runas import numpy as np; a = np.arange(4); o = np.zeros(4, dtype=np.int64); out_int(a, o); o


def add_out(a, o):
    np.add(a, a, out=o)
    np.multiply(o, 2.0, out=o)


def sqrt_dtype(a):
    return np.sqrt(a, dtype=np.float32), np.add(a, 1, dtype=np.float32), np.multiply(a, a, dtype=np.float64), np.negative(a > 3.0, dtype=np.int8)


def where_out(a, o):
    r = np.sqrt(a, where=a > 3.0, out=o)
    r[0] = 100.0


def out_2d(o, row):
    np.add(o, row, out=o)
    np.subtract(row, 0.5, out=o)
    np.negative(o, out=o)


def out_int(a, o):
    np.floor_divide(a, 2, out=o)
    np.left_shift(o, 1, out=(o,))
