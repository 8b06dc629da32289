"""Documented divergence: a NumPy scalar passed for an `int` or `float` export spec is
converted to a Python scalar, so NumPy's promotion rules change: NumPy
scalars are "strong" (NEP 50), Python scalars are "weak". `int8_array +
np.int64(3)` is int64 in NumPy and int8 in kiln; `float32_array *
np.float64(0.1)` is float64 in NumPy and float32 in kiln. (Python ints and
floats passed for the same specs behave correctly.)"""
import numpy as np

#pythran export add_int(int8[:], int)
#pythran export mul_float(float32[:], float)
#runas import numpy as np; add_int(np.array([1, 2], dtype=np.int8), np.int64(3))
#kiln-xfail: a NumPy scalar for an `int`/`float` spec becomes a Python scalar (documented divergence, docs/LANGUAGE.md)
#runas import numpy as np; mul_float(np.array([1.0, 2.0], dtype=np.float32), np.float64(0.1))
#kiln-xfail: a NumPy scalar for an `int`/`float` spec becomes a Python scalar (documented divergence, docs/LANGUAGE.md)
#runas import numpy as np; add_int(np.array([1, 2], dtype=np.int8), np.int32(3))
#kiln-xfail: a NumPy scalar for an `int`/`float` spec becomes a Python scalar (documented divergence, docs/LANGUAGE.md)


def add_int(a, s):
    return a + s


def mul_float(a, s):
    return a * s
