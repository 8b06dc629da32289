"""`np.transpose(a, axes)` / `a.transpose(*axes)` with an explicit axis order
(a tuple, a list, separate integers, `axes=`, negative axes): views, so writes
through them reach the base; C, Fortran and strided inputs, empty axes."""
import numpy as np

#pythran export trans(float64[:,:,:])
#pythran export trans(float64[::,::,::])
#pythran export trans(int32[:,:,:])
#pythran export trans2(float64[:,:])
#pythran export write_through(float64[:,:,:])
#runas import numpy as np; trans(np.arange(24.0).reshape(2, 3, 4))
#runas import numpy as np; trans(np.asfortranarray(np.arange(24.0).reshape(2, 3, 4)))
#runas import numpy as np; trans(np.arange(48.0).reshape(4, 3, 4)[::2, ::-1, 1:])
#runas import numpy as np; trans(np.zeros((2, 0, 3), dtype=np.int32))
#runas import numpy as np; trans2(np.arange(6.0).reshape(2, 3))
#runas import numpy as np; a = np.zeros((2, 3, 4)); write_through(a); a


def trans(a):
    return (np.transpose(a, (1, 0, 2)), a.transpose(2, 0, 1), a.transpose([0, -1, 1]),
            np.transpose(a, axes=(-1, -2, -3)), np.transpose(a, (0, 1, 2)))


def trans2(a):
    b = a.transpose(1, 0)
    return b, b.shape, np.transpose(a, None), a.transpose((0, 1))


def write_through(a):
    t = a.transpose(2, 0, 1)
    t[1, :, 2] = 5.0
    t[3] += 1.0
