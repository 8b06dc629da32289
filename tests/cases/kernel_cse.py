"""A fused expression that reads the same view twice (`x[:-1]` in
rosenbrock) reads it as one kernel operand (`kernel-cse`): values,
broadcast errors, in-place targets and reductions must not change."""
import numpy as np

#pythran export rosen(float64[:])
#pythran export rosen(float64[::])
#pythran export cols(float64[:,:], float64[:])
#pythran export inplace(float64[:])
#pythran export rows(float64[:,:])
#pythran export mixed(float64[:], float64[:])
#runas import numpy as np; rosen(np.linspace(-2.0, 2.0, 1001)); rosen(np.tile([1e16, 1.0, -1e16, 3.0, 0.5], 400)); rosen(np.zeros(1)); rosen(np.linspace(0.0, 1.0, 40)[::-3])
#runas import numpy as np; cols(np.arange(12.0).reshape(3, 4), np.array([1.0, -2.0, 0.5]))
#runas import numpy as np; mixed(np.linspace(0.0, 1.0, 7), np.linspace(2.0, 3.0, 5))
#runas import numpy as np; x = np.linspace(1.0, 3.0, 9); inplace(x), x
#runas import numpy as np; rows(np.tile([1e16, 1.0, -1e16, 3.0, 0.5], 200).reshape(10, 100)); rows(np.ones((3, 1)))
#runas import numpy as np; mixed(np.linspace(0.0, 1.0, 7), np.linspace(2.0, 3.0, 7))


def rosen(x):
    return np.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1.0 - x[:-1]) ** 2)


def cols(a, b):
    return a[:, :1] * b + a[:, 1:] * a[:, :1]


def inplace(x):
    x[1:] = x[1:] * 2.0 + x[1:] - x[:-1]
    return x.sum()


def rows(a):
    return np.sum(a[:, 1:] * a[:, 1:] + a[:, 1:], axis=1), np.max(a[:, :-1] - a[:, :-1] * 0.5, axis=-1)


def mixed(x, y):
    # x[1:] twice, y[1:] once, x[:-1] once.
    return x[1:] * y[1:] + x[1:] - x[:-1]
