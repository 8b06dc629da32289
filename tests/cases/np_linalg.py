"""Linear algebra: dot, matmul and `@`, vdot, inner, outer, trace and
linalg.norm, on 1-d, 2-d (C and Fortran) and 3-d operands, int and float
dtypes, empty operands, and NumPy's shape-mismatch errors."""
import numpy as np

#pythran export dots(float64[:], float64[:])
#pythran export dots(int64[:], int64[:])
#pythran export dots(float32[:], float32[:])
#pythran export dot2(float64[:,:], float64[:,:])
#pythran export dot2(int32[:,:], int32[:,:])
#pythran export dot21(float64[:,:], float64[:])
#pythran export dot12(float64[:], float64[:,:])
#pythran export dot_mixed(int64[:,:], float64[:])
#pythran export dot_scalar(float64[:], float)
#pythran export dot3(float64[:,:,:], float64[:,:])
#pythran export matmuls(float64[:,:], float64[:,:])
#pythran export matmul3(float64[:,:,:], float64[:,:,:])
#pythran export matmul3(float64[:,:,:], float64[:,:])
#pythran export matmul_vec(float64[:,:], float64[:])
#pythran export vdots(float64[:,:], float64[:,:])
#pythran export inners(float64[:], float64[:])
#pythran export inner2(float64[:,:], float64[:,:])
#pythran export outers(float64[:], int64[:])
#pythran export outers2(float64[:,:], float64[:])
#pythran export traces(float64[:,:])
#pythran export traces(int8[:,:])
#pythran export traces(bool[:,:])
#pythran export norms(float64[:])
#pythran export norms(int64[:])
#pythran export norm2(float64[:,:])
#runas import numpy as np; dots(np.array([1.0, 2.0, 3.0]), np.array([4.0, -5.0, 6.5])), dots(np.zeros(0), np.zeros(0))
#runas import numpy as np; dots(np.arange(5), np.arange(5) - 2), dots(np.array([2**62, 2**62]), np.array([2, 2]))
#runas import numpy as np; dots(np.arange(100, dtype=np.float32) / 7, np.ones(100, dtype=np.float32))
#runas import numpy as np; dots(np.ones(3), np.ones(4))
#runas import numpy as np; a = np.arange(6.0).reshape(2, 3); b = np.arange(12.0).reshape(3, 4) - 5; dot2(a, b), dot2(np.asfortranarray(a), b), dot2(a, np.asfortranarray(b)), dot2(b.T, a.T)
#runas import numpy as np; dot2(np.arange(6, dtype=np.int32).reshape(2, 3), np.arange(6, dtype=np.int32).reshape(3, 2))
#runas import numpy as np; dot2(np.zeros((2, 0)), np.zeros((0, 3))), dot2(np.zeros((0, 2)), np.zeros((2, 3)))
#runas import numpy as np; dot2(np.ones((2, 3)), np.ones((2, 3)))
#runas import numpy as np; dot21(np.arange(6.0).reshape(2, 3), np.array([1.0, 0.5, -1.0])), dot12(np.array([1.0, 2.0]), np.arange(6.0).reshape(2, 3))
#runas import numpy as np; dot21(np.arange(6.0).reshape(2, 3), np.ones(2))
#runas import numpy as np; dot12(np.ones(3), np.arange(6.0).reshape(2, 3))
#runas import numpy as np; dot_mixed(np.arange(6).reshape(3, 2), np.array([0.5, 0.25]))
#runas import numpy as np; dot_scalar(np.array([1.0, 2.0]), 3.0)
#runas import numpy as np; dot3(np.arange(24.0).reshape(2, 3, 4), np.arange(8.0).reshape(4, 2))
#runas import numpy as np; np.random.seed(3); a = np.random.rand(7, 9); b = np.random.rand(9, 5); matmuls(a, b), matmuls(np.asfortranarray(a), b)
#runas import numpy as np; matmuls(np.ones((2, 3)), np.ones((4, 2)))
#runas import numpy as np; np.random.seed(4); matmul3(np.random.rand(2, 3, 4), np.random.rand(2, 4, 5)), matmul3(np.random.rand(2, 3, 4), np.random.rand(1, 4, 2))
#runas import numpy as np; matmul3(np.ones((2, 3, 4)), np.ones((3, 4, 5)))
#runas import numpy as np; matmul3(np.arange(24.0).reshape(2, 3, 4), np.arange(8.0).reshape(4, 2))
#runas import numpy as np; matmul_vec(np.arange(6.0).reshape(2, 3), np.array([1.0, -1.0, 2.0]))
#runas import numpy as np; matmul_vec(np.arange(6.0).reshape(2, 3), np.ones(2))
#runas import numpy as np; vdots(np.arange(6.0).reshape(2, 3), np.ones((3, 2))), vdots(np.asfortranarray(np.arange(6.0).reshape(2, 3)), np.ones((2, 3)))
#runas import numpy as np; vdots(np.ones((2, 3)), np.ones((2, 2)))
#runas import numpy as np; inners(np.array([1.0, 2.0, 3.0]), np.array([0.0, 1.0, -1.0]))
#runas import numpy as np; inner2(np.arange(6.0).reshape(2, 3), np.arange(12.0).reshape(4, 3))
#runas import numpy as np; inner2(np.ones((2, 3)), np.ones((2, 2)))
#runas import numpy as np; outers(np.array([1.0, 2.0, 3.0]), np.array([1, -1])), outers(np.zeros(0), np.arange(3))
#runas import numpy as np; outers2(np.arange(4.0).reshape(2, 2), np.array([1.0, 10.0, 100.0]))
#runas import numpy as np; traces(np.arange(12.0).reshape(3, 4)), traces(np.asfortranarray(np.arange(12.0).reshape(4, 3))), traces(np.zeros((0, 3)))
#runas import numpy as np; traces(np.full((3, 3), 100, dtype=np.int8)), traces(np.eye(3, dtype=bool))
#runas import numpy as np; norms(np.array([3.0, -4.0])), norms(np.zeros(0)), norms(np.array([np.inf, 1.0])), norms(np.array([1e200, 1e200]))
#runas import numpy as np; norms(np.array([3, -4])), norms(np.arange(10))
#runas import numpy as np; norm2(np.arange(6.0).reshape(2, 3)), norm2(np.asfortranarray(np.arange(6.0).reshape(2, 3)))


def dots(a, b):
    return np.dot(a, b), a.dot(b), a @ b


def dot2(a, b):
    return np.dot(a, b), a @ b, np.matmul(a, b)


def dot21(a, b):
    return np.dot(a, b), a @ b


def dot12(a, b):
    return np.dot(a, b), a @ b


def dot_mixed(a, b):
    return np.dot(a, b), a @ b


def dot_scalar(a, s):
    return np.dot(a, s), np.dot(s, a)


def dot3(a, b):
    return np.dot(a, b)


def matmuls(a, b):
    return a @ b, np.matmul(a, b), a.dot(b)


def matmul3(a, b):
    return a @ b


def matmul_vec(a, v):
    return a @ v, np.matmul(a, v)


def vdots(a, b):
    return np.vdot(a, b)


def inners(a, b):
    return np.inner(a, b)


def inner2(a, b):
    return np.inner(a, b)


def outers(a, b):
    return np.outer(a, b)


def outers2(a, b):
    return np.outer(a, b)


def traces(a):
    return np.trace(a), a.trace()


def norms(a):
    return np.linalg.norm(a)


def norm2(a):
    return np.linalg.norm(a), np.linalg.norm(a, axis=0), np.linalg.norm(a, axis=1), np.linalg.norm(a, axis=1, keepdims=True)
