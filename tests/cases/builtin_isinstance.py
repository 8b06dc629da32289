"""`isinstance`, decided at compile time from static types (bool is an int;
np.float64 is a float; other NumPy scalars are not Python numbers)."""
#pythran export kinds(int, float, bool, str)
#pythran export containers(int list, (int, float), str:int dict, float64[:])
#pythran export numpy_scalars(float64[:], int64[:])
#runas kinds(1, 2.0, True, "s")
#runas import numpy as np; containers([1], (2, 3.0), {"a": 1}, np.zeros(2))
#runas import numpy as np; numpy_scalars(np.ones(2), np.arange(3))
import numpy as np


def kinds(i, x, b, s):
    return (isinstance(i, int), isinstance(i, float), isinstance(x, float),
            isinstance(x, (int, float)), isinstance(b, int), isinstance(b, bool),
            isinstance(i, bool), isinstance(s, str), isinstance(s, (list, tuple)))


def containers(l, t, d, a):
    return (isinstance(l, list), isinstance(t, tuple), isinstance(d, dict),
            isinstance(d, set), isinstance(a, np.ndarray), isinstance(l, np.ndarray))


def numpy_scalars(a, b):
    return isinstance(a[0], float), isinstance(b[0], int), isinstance(a[0] + 1.0, float)
