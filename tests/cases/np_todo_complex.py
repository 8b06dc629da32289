"""Not supported yet: complex numbers and complex arrays (export specs,
literals and dtypes); the generated ufunc and reduction cases leave complex
out for this reason."""
#kiln-todo: complex numbers and arrays
import numpy as np

#pythran export cplx(float64[:])
#runas import numpy as np; cplx(np.array([1.0, -4.0]))


def cplx(a):
    z = a.astype(np.complex128)
    return np.sqrt(z), z * 1j, np.abs(z)
