"""Not supported yet: `np.transpose(a, axes)` / `a.transpose(axes)` with an
explicit axis order (kiln: "transpose with an explicit axis order is not
supported yet")."""
#kiln-todo: transpose with an explicit axis order
import numpy as np

#pythran export trans(float64[:,:,:])
#runas import numpy as np; trans(np.arange(24.0).reshape(2, 3, 4))


def trans(a):
    return np.transpose(a, (1, 0, 2)), a.transpose(2, 0, 1)
