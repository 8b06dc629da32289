"""Reading float64[:] elements: a[i] is a np.float64; negative indices;
float(a[i]) is a Python float."""
#pythran export get(float64[:], int)
#pythran export ends(float64[:])
#pythran export total(float64[:])
#runas import numpy as np; a = np.linspace(0.0, 1.0, 7); get(a, 3), get(a, -1), get(a, -7)
#runas import numpy as np; a = np.array([2.5, -1.0, 4.0]); ends(a)
#runas import numpy as np; np.random.seed(0); a = np.random.rand(100); total(a)


def get(a, i):
    return a[i]


def ends(a):
    return a[0], a[-1], a[len(a) - 1] == a[-1], float(a[1])


def total(a):
    s = 0.0
    for i in range(a.shape[0]):
        s += float(a[i])
    return s
