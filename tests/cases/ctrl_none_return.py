"""Functions without a value return None: no return, bare `return`, and
`return None`."""
#pythran export nothing(int)
#pythran export bare(int)
#pythran export explicit(float)
#pythran export fill(float64[:], float)
#runas nothing(3)
#runas bare(-1), bare(1)
#runas explicit(2.0)
#runas import numpy as np; a = np.zeros(4); fill(a, 1.5)


def nothing(n):
    x = n * 2
    x += 1


def bare(n):
    if n < 0:
        return
    n += 1
    return


def explicit(x):
    y = x * x
    if y > 10.0:
        return None
    return None


def fill(a, v):
    for i in range(a.shape[0]):
        a[i] = v * i
