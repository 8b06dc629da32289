"""Regression (was a kiln bug): `np.random.choice(n)` with an int population and no size
returns a Python int in NumPy; kiln returns an np.int64."""
import numpy as np

#pythran export choice_n(int, int)
#runas choice_n(11, 10)


def choice_n(s, n):
    np.random.seed(s)
    return np.random.choice(n)
