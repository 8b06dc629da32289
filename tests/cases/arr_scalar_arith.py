"""Arithmetic on NumPy scalars follows NumPy, not Python: np.float64 / 0.0 is
inf and np.int64 // 0 is 0 (no ZeroDivisionError); abs/min/max/unary minus
keep the NumPy type; int()/float()/math functions give Python scalars."""
#pythran export div0(float64[:])
#pythran export idiv0(int64[:])
#pythran export keep(float64[:])
#pythran export convert(int64[:], float64[:])
#runas import numpy as np; a = np.array([3.0, -1.0, 0.0]); div0(a)
#runas import numpy as np; a = np.array([7, -7]); idiv0(a)
#runas import numpy as np; a = np.array([-2.5, 1.0]); keep(a)
#runas import numpy as np; a = np.array([5, -9]); b = np.array([2.5, 0.25]); convert(a, b)
import math


def div0(a):
    z = 0.0
    return a[0] / z, a[1] / z, a[2] / z, a[0] // z, a[0] % z


def idiv0(a):
    z = 0
    return a[0] // z, a[1] % z, a[0] / z


def keep(a):
    return abs(a[0]), min(a[0], a[1]), max(a[0], a[1]), -a[0], a[0] ** 2, a[0] % -2.0


def convert(a, b):
    return int(a[1]), float(a[0]), int(b[0]), float(b[1]), math.sqrt(b[0]), math.floor(b[0])
