"""Broadcasting in arithmetic, comparisons and in-place operators: size-1
dimensions, missing leading dimensions, scalars, empty dimensions, and the
ValueError NumPy raises (with the same text) when shapes do not match."""
import numpy as np

#pythran export add2(float64[:,:], float64[:])
#pythran export add2(float64[:,:], float64[:,:])
#pythran export add2(float64[:], float64[:,:])
#pythran export add2(float64[:,:,:], float64[:,:])
#pythran export add2(int64[:,:], float64[:])
#pythran export add2(int32[:,:], int8[:])
#pythran export outer_like(float64[:], float64[:])
#pythran export expr3(float64[:,:], float64[:], float)
#pythran export iadd(float64[:,:], float64[:])
#pythran export iadd(float64[:], float64[:,:])
#pythran export imul_int(int64[:,:], int64[:])
#pythran export cmp2(float64[:,:], float64[:])
#pythran export where_b(bool[:,:], float64[:], float)
#pythran export col_times_row(float64[:], float64[:])
#runas import numpy as np; a = np.arange(6.0).reshape(2, 3); add2(a, np.array([10.0, 20.0, 30.0]))
#runas import numpy as np; a = np.arange(6.0).reshape(2, 3); add2(a, np.array([[1.0], [2.0]])), add2(np.array([[1.0], [2.0]]), np.array([[1.0, 2.0, 3.0]]))
#runas import numpy as np; add2(np.array([1.0, 2.0]), np.ones((3, 2)))
#runas import numpy as np; add2(np.arange(24.0).reshape(2, 3, 4), np.arange(4.0).reshape(1, 4)), add2(np.arange(24.0).reshape(2, 3, 4), np.ones((3, 1)))
#runas import numpy as np; add2(np.arange(6).reshape(2, 3), np.array([0.5, 1.5, 2.5]))
#runas import numpy as np; add2(np.arange(6, dtype=np.int32).reshape(2, 3), np.array([1, -2, 3], dtype=np.int8))
#runas import numpy as np; add2(np.zeros((0, 3)), np.ones(3)), add2(np.zeros((2, 0)), np.ones((1, 1))), add2(np.zeros((2, 1)), np.zeros((1, 0)))
#runas import numpy as np; add2(np.ones((2, 3)), np.ones(4))
#runas import numpy as np; add2(np.ones((2, 3)), np.ones((3, 2)))
#runas import numpy as np; add2(np.ones((2, 3, 4)), np.ones((3, 5)))
#runas import numpy as np; add2(np.ones(3), np.ones((2, 4)))
#runas import numpy as np; add2(np.ones((2, 0)), np.ones(3))
#runas import numpy as np; outer_like(np.array([1.0, 2.0, 3.0]), np.array([10.0, 20.0]))
#runas import numpy as np; expr3(np.arange(6.0).reshape(3, 2), np.array([1.0, -1.0]), 0.5)
#runas import numpy as np; expr3(np.arange(6.0).reshape(3, 2), np.array([1.0, -1.0, 2.0]), 0.5)
#runas import numpy as np; a = np.zeros((3, 2)); iadd(a, np.array([1.0, 2.0])); a
#runas import numpy as np; a = np.arange(6).reshape(2, 3); imul_int(a, np.array([2, -1, 0])); a
#runas import numpy as np; cmp2(np.arange(6.0).reshape(2, 3), np.array([1.0, np.nan, 4.0]))
#runas import numpy as np; cmp2(np.arange(6.0).reshape(2, 3), np.array([1.0, 2.0]))
#runas import numpy as np; where_b(np.array([[True, False, True], [False, False, True]]), np.array([1.0, 2.0, 3.0]), -1.0)
#runas import numpy as np; col_times_row(np.array([1.0, 2.0, 3.0]), np.array([1.0, 10.0]))


def add2(a, b):
    return a + b


def outer_like(x, y):
    return x[:, None] * y[None, :], x[:, np.newaxis] - y


def expr3(a, b, s):
    return (a - b) * s + a / (b + 2.0), np.maximum(a, b) - s


def iadd(a, b):
    a += b


def imul_int(a, b):
    a *= b
    a -= 1


def cmp2(a, b):
    return a > b, a == b, a != b, b <= a


def where_b(c, x, y):
    return np.where(c, x, y), np.where(c, y, x)


def col_times_row(x, y):
    return x.reshape(-1, 1) * y.reshape(1, -1)
