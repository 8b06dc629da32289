"""Regression (was a kiln bug): reshape errors. NumPy writes the requested shape without spaces
and an unknown dimension as `newaxis` (`cannot reshape array of size 12 into
shape (5,newaxis)`); kiln writes `(5, -1)`. NumPy 2 also takes any negative
number as the unknown dimension (`reshape(-2, 6)`), where kiln raises
`negative dimensions not allowed`."""
import numpy as np

#pythran export reshape_to(int64[:], int, int)
#pythran export reshape_c(float64[:,:])
#runas import numpy as np; reshape_to(np.arange(12), 5, 3)
#runas import numpy as np; reshape_to(np.arange(12), 5, -1)
#runas import numpy as np; reshape_to(np.arange(0), 0, -1)
#runas import numpy as np; reshape_to(np.arange(12), -1, 5)
#runas import numpy as np; reshape_to(np.arange(12), -1, -1)
#runas import numpy as np; reshape_to(np.arange(12), -2, 6)
#runas import numpy as np; reshape_c(np.ones((2, 3)))


def reshape_to(a, n, m):
    return a.reshape(n, m)


def reshape_c(a):
    return a.reshape(2, 6)
