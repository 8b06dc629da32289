"""Not supported yet: indexing with arrays, integer ("fancy") and boolean
masks, for reading and writing (kiln: "indexing with an array (fancy or
boolean-mask indexing) is not supported yet")."""
#kiln-todo: fancy and boolean-mask indexing
import numpy as np

#pythran export mask_read(float64[:])
#pythran export mask_write(float64[:])
#pythran export take(float64[:], int64[:])
#pythran export take2(float64[:,:], int64[:])
#runas import numpy as np; mask_read(np.array([1.0, -2.0, 3.0, np.nan]))
#runas import numpy as np; a = np.array([1.0, -2.0, 3.0, -0.5]); mask_write(a); a
#runas import numpy as np; take(np.arange(5.0), np.array([4, 0, -1, 0]))
#runas import numpy as np; take(np.arange(5.0), np.array([5]))
#runas import numpy as np; take2(np.arange(12.0).reshape(3, 4), np.array([2, 0]))


def mask_read(a):
    return a[a > 0], a[~np.isnan(a)]


def mask_write(a):
    a[a < 0] = 0.0


def take(a, idx):
    return a[idx]


def take2(a, idx):
    return a[idx], a[:, idx], a[idx, idx]
