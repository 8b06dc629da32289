"""Regression (was a kiln bug): `np.linspace(a, b, num=n)` is rejected at compile time
("`np.linspace` got an unsupported keyword argument `num`"), although the
lowering reads `num=` (front/lower/numpy.rs: `num` is missing from the
allowed keywords of `NpFn::Linspace`)."""
import numpy as np

#pythran export linspace_kw(float, float, int)
#runas linspace_kw(0.0, 1.0, 5)


def linspace_kw(a, b, n):
    return np.linspace(a, b, num=n), np.linspace(a, b, num=n, endpoint=False)
