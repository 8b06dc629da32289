"""Regression (was a kiln bug): `np.linspace(start, stop, 1)` is `[start]` in NumPy; kiln
gives `[nan]` (the step (stop - start) / 0 is multiplied by index 0)."""
import numpy as np

#pythran export linspaces(float, float, int)
#runas linspaces(0.0, 1.0, 1), linspaces(-2.0, 5.0, 1)
#runas linspaces(3.0, 1.0, 1)


def linspaces(a, b, n):
    return np.linspace(a, b, n), np.linspace(a, b, n, endpoint=False)
