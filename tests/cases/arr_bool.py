"""bool arrays: read (np.bool), write from comparisons and ints, count, use
in conditions; 2-D bool arrays."""
#pythran export count(bool[:])
#pythran export mark_pos(float64[:], bool[:])
#pythran export grid(bool[:,:])
#pythran export from_ints(bool[:])
#runas import numpy as np; a = np.array([True, False, True, True]); count(a)
#runas import numpy as np; x = np.array([1.0, -2.0, 0.0, 3.5]); m = np.zeros(4, dtype=bool); mark_pos(x, m); m
#runas import numpy as np; g = np.zeros((3, 4), dtype=bool); g[1, 2] = True; grid(g); g
#runas import numpy as np; a = np.zeros(3, dtype=bool); from_ints(a); a


def count(a):
    c = 0
    for i in range(a.shape[0]):
        if a[i]:
            c += 1
    return c, a[0], a[1] == a[2]


def mark_pos(x, m):
    for i in range(x.shape[0]):
        m[i] = x[i] > 0.0


def grid(g):
    n = 0
    for i in range(g.shape[0]):
        for j in range(g.shape[1]):
            if g[i, j]:
                n += 1
            g[i, j] = not g[i, j]
    return n


def from_ints(a):
    a[0] = 3
    a[1] = 0
    a[2] = a[0]
