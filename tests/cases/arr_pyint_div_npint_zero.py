"""A Python int (or bool) divided by a NumPy int64 zero follows NumPy: the
result is np.float64 inf/nan, not ZeroDivisionError. Found by
tests/test_random_programs.py (KILN_RANDPROG=5000 KILN_RANDPROG_SEED=2:
rp2_25.f1, rp2_118.f4, rp2_308.f3, rp2_312.f6, rp2_349.f2, rp2_370.f5, rp2_481.f6)."""
#pythran export div(int, int64[:])
#pythran export bdiv(bool, int64[:])
#runas import numpy as np; a = np.array([0, 2]); div(7, a)
#runas import numpy as np; a = np.array([0, 2]); div(0, a)
#runas import numpy as np; a = np.array([0, 2]); bdiv(True, a)
#runas import numpy as np; a = np.array([4, 2]); div(7, a), bdiv(True, a)


def div(n, a):
    return n / a[0]


def bdiv(b, a):
    return b / a[0]
