"""Augmented assignment to a partially indexed array updates that row in
place (`a[0] /= 4.0` on a 2-d array), including rows that alias the
right-hand side and out-of-range rows."""
import numpy as np

#pythran export scale_row(float64[:,:])
#pythran export add_rows(int64[:,:,:], int)
#runas import numpy as np; a = np.arange(12.0).reshape(3, 4); scale_row(a); a
#runas import numpy as np; a = np.arange(24).reshape(2, 3, 4); add_rows(a, 1); a
#runas import numpy as np; a = np.arange(24).reshape(2, 3, 4); add_rows(a, -2); a
#runas import numpy as np; a = np.arange(24).reshape(2, 3, 4); add_rows(a, 2); a


def scale_row(a):
    a[0] /= 4.0
    a[-1] += a[0]
    a[1] *= a[1]


def add_rows(a, i):
    a[i] += 1
    a[0, 1] -= a[1, 0]
    a[i, 2] //= 2
