"""Smoothing stencils, whose every bounds check range analysis removes
(`kiln --report` lists none kept): `a[i-1]`, `a[i+1]` for `i in range(1, n-1)`
with `n = a.shape[0]`, and the 2-D four-neighbour form over a `zeros_like`
output. Lengths 0 to 3 exercise the empty and edge ranges."""
import numpy as np

#pythran export smooth(float64[:])
#pythran export smooth2(float64[:,:])
#runas import numpy as np; smooth(np.arange(10.0) ** 2)
#runas import numpy as np; smooth(np.array([1.0, 2.0]))
#runas import numpy as np; smooth(np.array([5.0]))
#runas import numpy as np; smooth2(np.arange(30.0).reshape(5, 6) ** 1.5)
#runas import numpy as np; smooth2(np.ones((2, 7)))
#runas import numpy as np; smooth2(np.zeros((0, 3)))


def smooth(a):
    n = a.shape[0]
    b = np.empty(n)
    if n > 0:
        b[0] = a[0]
        b[n - 1] = a[n - 1]
    for i in range(1, n - 1):
        b[i] = (a[i - 1] + a[i] + a[i + 1]) / 3.0
    return b


def smooth2(a):
    out = np.zeros_like(a)
    for i in range(1, a.shape[0] - 1):
        for j in range(1, a.shape[1] - 1):
            out[i, j] = 0.25 * (a[i - 1, j] + a[i + 1, j] + a[i, j - 1] + a[i, j + 1])
    return out
