"""The `.dtype` attribute of arrays and NumPy scalars: returned (a NumPy
dtype object), compared with dtypes, used as a dtype argument, and its
`.itemsize`/`.name`."""
import numpy as np

#pythran export dtypes(float64[:])
#pythran export dtypes(int8[:,:])
#pythran export dtypes(bool[:])
#pythran export dtypes(complex64[:])
#runas import numpy as np; dtypes(np.zeros(3))
#runas import numpy as np; dtypes(np.zeros((2, 2), dtype=np.int8)), dtypes(np.zeros(2, dtype=bool))
#runas import numpy as np; dtypes(np.ones(2, dtype=np.complex64))


def dtypes(a):
    return a.dtype, a.dtype == np.float64, (a + 1).dtype, a.sum().dtype


#pythran export like(float32[:], int64[:])
#pythran export like(complex128[:], float64[:])
#runas import numpy as np; like(np.array([1.5, 2.5], dtype=np.float32), np.array([3, 4]))
#runas import numpy as np; like(np.array([1j, 2]), np.array([0.5, -1.0]))


def like(a, b):
    z = np.zeros(3, dtype=a.dtype)
    dt = b.dtype
    c = a.astype(b.dtype)
    return (z, c, np.ones(2, dt), a.dtype != b.dtype, dt == np.int64, a.dtype == 'float32', b.dtype == float,
            a.dtype.itemsize, a.dtype.name, dt.name, a[0].dtype)


#pythran export listed(int32[:], complex128)
#runas import numpy as np; listed(np.arange(3, dtype=np.int32), 1j)


def listed(a, z):
    w = np.complex128(z)
    print(a.dtype, w.dtype)
    return [a.dtype, a.dtype], str(a.dtype), repr(w.dtype), w.dtype == np.complex128
