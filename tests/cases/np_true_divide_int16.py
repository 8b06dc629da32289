"""Regression (was a kiln bug): `/` of int16 values gives float64 in NumPy (its true_divide loops
for integers produce doubles); kiln gives float32. The same holds for int8,
uint8 and bool inputs, see np_bug_gen_true_divide_small_int.py."""
import numpy as np

#pythran export div16(int16[:])
#runas import numpy as np; div16(np.array([300, -2], dtype=np.int16))


def div16(a):
    return a[0] / a[1], a / a[1], np.true_divide(a, a)
