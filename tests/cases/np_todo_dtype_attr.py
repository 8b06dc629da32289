"""Not supported yet: the `.dtype` attribute of arrays (kiln: "array
attribute `.dtype` is not supported yet")."""
#kiln-todo: ndarray.dtype
import numpy as np

#pythran export dtypes(float64[:])
#pythran export dtypes(int8[:,:])
#pythran export dtypes(bool[:])
#runas import numpy as np; dtypes(np.zeros(3))
#runas import numpy as np; dtypes(np.zeros((2, 2), dtype=np.int8)), dtypes(np.zeros(2, dtype=bool))


def dtypes(a):
    return a.dtype, a.dtype == np.float64, (a + 1).dtype, a.sum().dtype
