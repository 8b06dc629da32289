"""Kernels with an operand broadcast along the row (inner stride 0:
`m[:, None]`) run on SIMD lanes, each vector reading the row's one value
(`back/kernel.rs`, `row_broadcast_operands`). Row lengths around the vector
width, float32's four lanes, the broadcast operand first or alone, outer
sums, in-place targets, reductions, a transcendental, and strided rows
that stay scalar."""
import numpy as np

#pythran export center(float64[:,:])
#pythran export center(float32[:,:])
#pythran export outer_sum(float64[:], float64[:])
#pythran export inplace(float64[:,:])
#pythran export reduce_rows(float64[:,:])
#pythran export soft(float64[:,:])
#pythran export strided(float64[:,:])
#runas import numpy as np; [center(np.arange(float(n * k)).reshape(n, k) * 0.37 - 5.0) for n, k in ((1, 1), (3, 1), (2, 2), (3, 3), (4, 7), (5, 100))]
#runas import numpy as np; [center((np.arange(float(n * k)).reshape(n, k) * 0.37 - 5.0).astype(np.float32)) for n, k in ((2, 3), (3, 4), (3, 5), (4, 9))]
#runas import numpy as np; outer_sum(np.linspace(-1.0, 1.0, 5), np.linspace(0.0, 3.0, 7)); outer_sum(np.ones(1), np.ones(1))
#runas import numpy as np; a = np.arange(21.0).reshape(3, 7); inplace(a), a
#runas import numpy as np; reduce_rows(np.tile([1e16, 1.0, -1e16, 3.0, 0.5], 60).reshape(6, 50)); reduce_rows(np.ones((2, 1)))
#runas import numpy as np; soft(np.linspace(-20.0, 20.0, 77).reshape(7, 11)); soft(np.zeros((1, 3)))
#runas import numpy as np; strided(np.arange(40.0).reshape(4, 10))


def center(a):
    m = a.mean(axis=1)
    return a - m[:, np.newaxis], m[:, np.newaxis] * a, m[:, np.newaxis] + m[:, np.newaxis] * 2


def outer_sum(x, y):
    return x[:, np.newaxis] + y[np.newaxis, :], x[:, np.newaxis] * 2.0 - y


def inplace(a):
    m = np.max(a, axis=1)
    a -= m[:, np.newaxis]
    a[:, 1:] = a[:, 1:] * m[:, np.newaxis]
    return m


def reduce_rows(a):
    m = np.max(a, axis=1)
    return np.sum(a - m[:, np.newaxis], axis=1), np.sum(a * m[:, np.newaxis]), np.max(a - m[:, np.newaxis], axis=1)


def soft(a):
    m = np.max(a, axis=1)
    e = np.exp(a - m[:, np.newaxis])
    s = np.sum(e, axis=1)
    return e / s[:, np.newaxis], m + np.log(s)


def strided(a):
    m = a[:, 0]
    return a[:, ::2] - m[:, np.newaxis], a[:, ::3] * m[:, np.newaxis]
