"""`A or B` in an export line expands to one overload per alternative."""
#pythran export scale(float64[:] or int64[:], int or float)
#runas import numpy as np; a = np.array([1.0, 2.0]); scale(a, 3); a
#runas import numpy as np; a = np.array([1.0, 2.0]); scale(a, 0.5); a
#runas import numpy as np; a = np.array([1, 2]); scale(a, 3); a


def scale(a, k):
    for i in range(a.shape[0]):
        a[i] = a[i] * k
    return a[0] * k
