"""Regression (was a kiln bug): `-b[0]` of a boolean array element raises TypeError in NumPy
("The numpy boolean negative, the `-` operator, is not supported, use the
`~` operator or the logical_not function instead."); kiln returns a value.
(For a boolean array, `-b`, kiln reports NumPy's message as a compile-time
error, which is consistent with its other static type errors.)"""
import numpy as np

#pythran export neg_elem(bool[:])
#runas import numpy as np; neg_elem(np.array([True, False]))


def neg_elem(b):
    return -b[0]
