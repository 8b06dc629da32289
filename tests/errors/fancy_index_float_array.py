# Checks: indexing with a float array is rejected at compile time (NumPy
# raises IndexError: only integer and boolean arrays are valid indices),
# pointing at the index.
#pythran export f(float64[:], float64[:])


def f(a, idx):
    return a[idx]
