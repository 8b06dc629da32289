"""`dest[...] = <elementwise expression>` written straight into `dest` when
the expression reads `dest`'s own elements (the same view, also through a
variable such as gray_scott's `uc`) next to arrays that cannot overlap it;
shifted views of the same array keep the temporary. Errors keep NumPy's
order: the operands' broadcast error first, then the assignment's. The
300x301 stencil is large enough to run on the thread pool."""
#pythran export stencil(float64[:,:], int)
#pythran export shifted(float64[:,:])
#pythran export rebound(float64[:,:])
#pythran export twice_same(float64[:])
#pythran export bad_operands(float64[:,:])
#pythran export bad_target(float64[:,:])
#pythran export partial_dims(float64[:,:])
#runas import numpy as np; np.random.seed(2); stencil(np.random.rand(40, 30), 5)
#runas import numpy as np; np.random.seed(5); stencil(np.random.rand(300, 301), 3)
#runas import numpy as np; np.random.seed(3); shifted(np.random.rand(6, 7))
#runas import numpy as np; np.random.seed(4); rebound(np.random.rand(5, 5))
#runas import numpy as np; twice_same(np.arange(10.0))
#runas import numpy as np; bad_operands(np.ones((4, 3)))
#runas import numpy as np; bad_target(np.ones((4, 3)))
#runas import numpy as np; partial_dims(np.arange(12.0).reshape(4, 3))
import numpy as np


def stencil(u0, steps):
    u = u0.copy()
    for _ in range(steps):
        uc = u[1:-1, 1:-1]
        lap = u[:-2, 1:-1] + u[2:, 1:-1] + u[1:-1, :-2] + u[1:-1, 2:] - 4.0 * uc
        sq = uc * uc
        u[1:-1, 1:-1] = uc + 0.1 * lap - 0.01 * sq
    return u


def shifted(a):
    # The second operand is the destination shifted by one row: the
    # temporary keeps CPython's result.
    a = a.copy()
    a[1:, :] = a[1:, :] * 2.0 + a[:-1, :]
    return a


def rebound(a):
    # `v` was taken from the old `a`; `a` is a new array by the assignment.
    v = a[1:, 1:]
    a = a * 1.0
    a[1:, 1:] = v + a[1:, 1:] * 3.0
    return a, v


def twice_same(x):
    x = x.copy()
    x[2:] = x[2:] * x[2:] + np.ones(8)
    return x


def bad_operands(a):
    # (4, 3) and (2,) do not broadcast: the ufunc's error.
    b = np.ones(2)
    a[:, :] = a[:, :] + b
    return a


def bad_target(a):
    # The operands broadcast to (2, 3), which does not fit (1, 3).
    b = np.ones((2, 3))
    a[0:1] = a[0:1] + b
    return a


def partial_dims(a):
    # A 1-d operand broadcast along the destination's rows.
    a = a.copy()
    r = np.arange(3.0)
    a[:, :] = a[:, :] - r * 2.0
    return a
