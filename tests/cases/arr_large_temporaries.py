"""Large arrays made and dropped over and over: the runtime keeps freed
large blocks per thread for reuse (`runtime/src/block_cache.rs`). A reused
block must look fresh: `np.zeros` all zeros, results independent of what
the block held before, sizes slightly smaller or larger than the last."""
#pythran export zeros_after_use(int)
#pythran export steps(float64[:,:], int)
#pythran export varying(int)
#runas zeros_after_use(100000)
#runas zeros_after_use(40000)
#runas import numpy as np; np.random.seed(1); steps(np.random.rand(300, 300), 6)
#runas varying(50000)
import numpy as np


def zeros_after_use(n):
    total = 0.0
    for k in range(4):
        z = np.zeros(n)
        total += z.sum() + z[n // 2] + z[-1]
        z[:] = 7.0 + k
        e = np.empty(n)
        e[:] = 1.0
        total += e.sum()
    return total


def steps(u, n):
    # A stencil with temporaries every step, as in gray_scott.
    u = u.copy()
    for _ in range(n):
        lap = u[:-2, 1:-1] + u[2:, 1:-1] + u[1:-1, :-2] + u[1:-1, 2:] - 4.0 * u[1:-1, 1:-1]
        sq = u[1:-1, 1:-1] * u[1:-1, 1:-1]
        u[1:-1, 1:-1] = u[1:-1, 1:-1] + 0.1 * lap - 0.01 * sq
    return u


def varying(n):
    out = 0.0
    for k in range(8):
        m = n + (k % 3) * 4000 - 2000
        a = np.ones(m)
        b = np.zeros(m + 1000)
        out += a.sum() * (k + 1) + b.sum() + b.size
    return out
