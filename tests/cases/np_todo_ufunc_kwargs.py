"""Not supported yet: keyword arguments of ufuncs (`out=`, `where=`,
`dtype=`): kiln says "`np.add` keyword arguments (`out=`) are not supported
yet"."""
#kiln-todo: ufunc keyword arguments (out=, dtype=, where=)
import numpy as np

#pythran export add_out(float64[:], float64[:])
#pythran export sqrt_dtype(float64[:])
#runas import numpy as np; a = np.ones(3); o = np.zeros(3); add_out(a, o); o
#runas import numpy as np; sqrt_dtype(np.array([4.0, 2.0]))


def add_out(a, o):
    np.add(a, a, out=o)
    np.multiply(o, 2.0, out=o)


def sqrt_dtype(a):
    return np.sqrt(a, dtype=np.float32), np.add(a, 1, where=a > 3.0)
