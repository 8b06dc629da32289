"""`for row in a` over an N-d array yields views `a[i]` of the remaining
axes (writes through them reach `a`); 2-d and 3-d, C, Fortran and strided
inputs, empty arrays; also in comprehensions, `enumerate` and `zip`."""
import numpy as np

#pythran export rows(float64[:,:])
#pythran export rows(float64[::,::])
#pythran export planes(int64[:,:,:])
#pythran export bump(float64[:,:])
#pythran export rows_enum(float64[:,:])
#runas import numpy as np; rows(np.arange(6.0).reshape(3, 2)), rows(np.asfortranarray(np.arange(6.0).reshape(2, 3)))
#runas import numpy as np; rows(np.arange(12.0).reshape(4, 3)[::-2, 1:])
#runas import numpy as np; rows(np.zeros((0, 3)))
#runas import numpy as np; planes(np.arange(24).reshape(2, 3, 4))
#runas import numpy as np; a = np.ones((3, 2)); bump(a); a
#runas import numpy as np; rows_enum(np.arange(6.0).reshape(3, 2))


def rows(a):
    s = np.zeros(a.shape[1])
    for r in a:
        s += r
    return s


def planes(a):
    out = []
    for p in a:
        for r in p:
            out.append(int(r.sum()))
    return out


def bump(a):
    for r in a:
        r[0] += 10.0


def rows_enum(a):
    t = 0.0
    for i, r in enumerate(a):
        t += i * r[1]
    m = [float(r.max()) for r in a]
    z = [float(r[0] * x) for r, x in zip(a, [1.0, 2.0, 3.0])]
    return t, m, z
