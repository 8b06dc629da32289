# Reductions of elementwise expressions (fused by the reduce-fusion pass:
# the expression's array is never allocated): values, dtypes, shapes and
# errors as NumPy computes them on the temporary. The data mixes 1e16 with
# small values, so a summation order other than NumPy's pairwise one
# changes the result by far more than the comparator's tolerance.
import numpy as np

#pythran export full(float64[:], float64[:])
#pythran export full(float64[::], float64[::])
def full(a, b):
    return (np.sum(a * b + 1.0), (a - b).sum(), np.max(a * 2.0), np.min(a - b), np.prod(a * 0.5 + 1.0), np.mean(a + b))

#pythran export rosen(float64[:])
#pythran export rosen(float64[::])
def rosen(x):
    return np.sum(100.0 * (x[1:] - x[:-1] ** 2.0) ** 2.0 + (1 - x[:-1]) ** 2.0)

# Bodies of 9 to 16 operations: summed by the compiled pairwise leaf too.
#pythran export long_body(float64[:], float64[:])
#pythran export long_body(float64[::], float64[::])
def long_body(a, b):
    return (np.sum((a * b - 0.5) * (a + 2.0) + (b - a) * (b + 1.0) - a / 3.0),
            np.sum(((a - b) * (a + b) + a * 0.25 - b * 4.0) * (a - 1.0) + (b * b + a) * 0.5 - (a + b + 1.0) * 2.0))

#pythran export rows(float64[:,:], float64[:])
#pythran export rows(float64[::,::], float64[::])
def rows(a, b):
    return (
        np.sum(a * 2.0),
        np.sum(a * b, axis=1),
        np.sum(a * b, axis=-1),
        np.sum(a * 3.0, axis=0),
        np.max(a - b, axis=1),
        np.min(a - b, axis=-1),
        np.prod(a * 0.5, axis=1),
        np.mean(a * b, axis=1),
        np.mean(a * b),
        np.max(a + 1.0),
        (a * b).sum(axis=1),
    )

#pythran export cube(float64[:,:,:])
#pythran export cube(float64[::,::,::])
def cube(a):
    return (np.sum(a * 2.0), np.sum(a * 2.0, axis=-1), np.max(a + 1.0, axis=2), np.sum(a * 2.0, axis=1), np.min(a * a, axis=None))

#pythran export outer(float64[:], float64[:])
def outer(a, b):
    return np.sum(a[:, None] * b[None, :]), np.max(a[:, None] - b[None, :], axis=1)

#pythran export ints(int32[:], int32[:])
#pythran export ints(int32[::], int32[::])
def ints(a, b):
    return np.sum(a * b), np.max(a - b), np.min(a + 1), np.prod(a + 0), np.sum(a > b), np.mean(a * b)

#pythran export ints2(int64[:,:])
def ints2(a):
    return np.sum(a * 2, axis=1), np.max(a + 1, axis=-1), np.sum(a < 3)

#pythran export f32(float32[:], float32[:])
#pythran export f32(float32[::], float32[::])
def f32(a, b):
    return np.sum(a * b), np.mean(a + b), np.max(a * b)

#pythran export empty_max(float64[:])
def empty_max(a):
    return np.max(a * 2.0)

#pythran export empty_rows_max(float64[:,:])
def empty_rows_max(a):
    return np.max(a * 2.0, axis=1)

#pythran export loop_sums(float64[:], int)
def loop_sums(a, n):
    s = 0.0
    for k in range(n):
        s += np.sum(a * k)
    return s

#runas import numpy as np; a = np.tile([1e16, 1.0, -1e16, 3.0, 0.5], 60001)[:300001]; b = np.linspace(-1.0, 2.0, 300001); full(a, b)
#runas import numpy as np; a = np.tile([1e16, 1.0, -1e16, 3.0, 0.5], 30)[:129]; b = np.linspace(-1.0, 2.0, 129); full(a, b); full(a[:128], b[:128]); full(a[:127], b[:127]); full(a[:8], b[:8]); full(a[:7], b[:7])
#runas import numpy as np; a = np.tile([1e16, 1.0, -1e16, 3.0, 0.5, 7.0, -2.0], 10000); b = np.cos(np.arange(70000.0)); full(a[:65536], b[:65536]); full(a[:65537], b[:65537]); full(a[:65535], b[:65535]); full(a[:2049], b[:2049])
#runas import numpy as np; a = np.tile([1e16, 1.0, -1e16, 3.0, 0.5], 4000); b = np.sin(np.arange(20000.0)); full(a[::2], b[::2]); full(a[::-1], b[::-1])
#runas import numpy as np; a = np.array([1.0, np.nan, 3.0, -4.0, 5.0, 6.0, 7.0, 8.0, 9.0]); full(a, a[::-1]); full(a[:1], a[1:2])
#runas import numpy as np; rosen(np.linspace(-2.0, 2.0, 100001)); rosen(np.tile([1e8, -3.0, 1e-3, 2.5], 1000)); rosen(np.linspace(0.0, 1.0, 40)[::-3]); rosen(np.zeros(1))
#runas import numpy as np; a = np.tile([1e16, 1.0, -1e16, 3.0, 0.5], 1000).reshape(50, 100); b = np.linspace(-1.0, 2.0, 100); rows(a, b); rows(a[::-2, ::3], b[::3]); rows(a[:, :1], b[:1])
#runas import numpy as np; a = np.tile([1e16, 1.0, -1e16, 3.0, 0.5, np.nan], 30000).reshape(300, 600); a[:, 1] = 1.0; rows(a, np.cos(np.arange(600.0)))
#runas import numpy as np; a = np.tile([1e16, 1.0, -1e16, 3.0, 0.5], 1).reshape(1, 5); rows(a, np.ones(5)); rows(np.ones((3, 1)), np.ones(1))
#runas import numpy as np; a = np.tile([1e16, 1.0, -1e16, 3.0, 0.5, 2.0, 7.0], 3000).reshape(30, 35, 20); cube(a); cube(a[:, ::-1, ::2]); cube(a[::2, 1:, :7])
#runas import numpy as np; a = np.tile([1e16, 1.0, -1e16, 3.0, 0.5, 2.0, 7.0], 3000).reshape(30, 35, 20); cube(np.asfortranarray(a)); cube(a.transpose(2, 0, 1))
#kiln-xfail: kiln's elementwise temporaries are C-ordered, NumPy's follow the inputs' memory order (K), so a sum over a Fortran or transposed expression adds in another order (fused or not; visible with cancelling data)
#runas import numpy as np; outer(np.tile([1e16, 1.0, -1e16, 3.0], 100), np.linspace(0.5, 1.5, 300)); outer(np.zeros(0), np.ones(3))
#runas import numpy as np; a = (np.arange(100000) % 1000 - 500).astype(np.int32); b = (np.arange(100000) % 7 + 1).astype(np.int32); ints(a, b); ints(a[:9], b[:9]); ints(a[::-3], b[::-3]); ints(a[:1], b[:1])
#runas import numpy as np; ints2(np.arange(60).reshape(6, 10)); ints2(np.asfortranarray(np.arange(60).reshape(6, 10))); ints2(np.zeros((0, 4), dtype=np.int64))
#runas import numpy as np; a = np.linspace(-3.0, 7.0, 70001).astype(np.float32); f32(a, a[::-1].copy()); f32(a[:5], a[5:10]); f32(a[::3], a[1::3][:a[::3].shape[0]])
#runas import numpy as np; empty_max(np.zeros(3)); empty_max(np.zeros(0))
#runas import numpy as np; empty_rows_max(np.ones((2, 3))); empty_rows_max(np.ones((0, 3)))
#runas import numpy as np; empty_rows_max(np.ones((3, 0)))
#runas import numpy as np; loop_sums(np.tile([1e16, 1.0, -1e16, 3.0], 50), 4)
#runas import numpy as np; full(np.zeros(0), np.zeros(0))
#runas import numpy as np; a = np.tile([1e16, 1.0, -1e16, 3.0, 0.5, 7.0, -2.0], 20000); b = np.cos(np.arange(140000.0)); [long_body(a[:n], b[:n]) for n in (0, 1, 7, 8, 9, 127, 128, 129, 2047, 2048, 2049, 65535, 65536, 65537, 140000)]
#runas import numpy as np; a = np.tile([1e16, 1.0, -1e16, 3.0, 0.5], 40000); b = np.sin(np.arange(200000.0)); long_body(a[::2], b[::2]); long_body(a[::-1], b[::-1]); long_body(a[1:], b[:-1])
#runas import numpy as np; rows(np.zeros((0, 4)), np.ones(4))
