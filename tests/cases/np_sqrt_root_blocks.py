"""Kernels whose result is `np.sqrt(...)`: the operand is stored and the
roots are taken by the runtime in blocks of 64 (`kiln_vsqrt_f64/f32`), each
block's roots after the next block's operands (the last block's after the
loop; on the thread pool, per chunk).
Lengths around the block and vector sizes, float32 and float64, negative
values (NaN), infinities and signed zeros, strided views (scalar rows),
2-D arrays, in-place targets, broadcasting and reductions of roots; all
bit-identical to NumPy."""
import numpy as np

#pythran export hyp(float64[:], float64[:])
#pythran export hyp32(float32[:], float32[:])
#pythran export root(float64[:])
#pythran export root2d(float64[:,:])
#pythran export strided(float64[:])
#pythran export inplace(float64[:], float64[:])
#pythran export bcast(float64[:,:], float64[:])
#pythran export sum_roots(float64[:])
#runas import numpy as np; hyp(np.linspace(-3, 3, 1), np.linspace(0, 1, 1))
#runas import numpy as np; hyp(np.linspace(-3, 3, 63), np.linspace(0, 1, 63)); hyp(np.linspace(-3, 3, 64), np.linspace(0, 1, 64)); hyp(np.linspace(-3, 3, 65), np.linspace(0, 1, 65))
#runas import numpy as np; hyp(np.linspace(-3, 3, 127), np.linspace(0, 1, 127))
#runas import numpy as np; hyp(np.linspace(-3, 3, 128), np.linspace(0, 1, 128))
#runas import numpy as np; hyp(np.linspace(-3, 3, 129), np.linspace(0, 1, 129))
#runas import numpy as np; hyp(np.linspace(-3, 3, 1001), np.linspace(0, 5, 1001))
#runas import numpy as np; hyp(np.zeros(0), np.zeros(0))
#runas import numpy as np; hyp(np.linspace(-3, 3, 200003), np.linspace(0, 5, 200003))
#runas import numpy as np; hyp32(np.linspace(-3, 3, 200003).astype(np.float32), np.linspace(1, 2, 200003).astype(np.float32))
#runas import numpy as np; hyp32(np.linspace(-3, 3, 259).astype(np.float32), np.linspace(1, 2, 259).astype(np.float32))
#runas import numpy as np; root(np.array([4.0, -1.0, 0.0, -0.0, np.inf, -np.inf, np.nan, 1e-310, 2.0]))
#runas import numpy as np; root(np.arange(300.0) - 7.5)
#runas import numpy as np; root2d(np.arange(390.0).reshape(3, 130))
#runas import numpy as np; root2d(np.arange(390.0).reshape(130, 3).T)
#runas import numpy as np; strided(np.arange(1000.0))
#runas import numpy as np; a = np.arange(300.0); inplace(a, np.ones(300)); a
#runas import numpy as np; bcast(np.arange(600.0).reshape(2, 300), np.arange(300.0))
#runas import numpy as np; sum_roots(np.arange(5000.0))


def hyp(b, c):
    return np.sqrt(b * b + c * c)


def hyp32(b, c):
    return np.sqrt(b * b + c * c)


def root(a):
    return np.sqrt(a)


def root2d(a):
    return np.sqrt(a + 1.0)


def strided(a):
    return np.sqrt(a[::3] * 2.0)


def inplace(a, b):
    a[:] = np.sqrt(a + b)


def bcast(m, v):
    return np.sqrt(m - v)


def sum_roots(a):
    return np.sum(np.sqrt(a)), np.max(np.sqrt(a * 0.5))
