"""`and`/`or`/`not` in conditions; short-circuiting must skip the right operand
(which would raise here)."""
#pythran export classify(int, int)
#pythran export safe_div(int, int)
#pythran export safe_first(int, int)
#pythran export count_pos(float64[:])
#runas classify(3, -1)
#runas classify(0, 0)
#runas safe_div(7, 0)
#runas safe_div(0, 5)
#runas safe_first(0, 3)
#runas import numpy as np; a = np.array([1.5, -2.0, 0.0, 3.0]); count_pos(a)


def classify(a, b):
    r = 0
    if a > 0 and b > 0:
        r = 1
    elif a > 0 or b > 0:
        r = 2
    elif not (a < 0 or b < 0) and not a:
        r = 3
    return r


def safe_div(a, b):
    # The ZeroDivisionError is never reached.
    r = 0
    if b != 0 and a // b > 1:
        r = 1
    if b == 0 or a % b == 0:
        r += 10
    return r


def safe_first(i, n):
    return i != 0 and n // i > 0


def count_pos(a):
    c = 0
    i = 0
    n = a.shape[0]
    while i < n and a[i] != 0.0:
        if a[i] > 0.0 or not a[i] < -1.0:
            c += 1
        i += 1
    return c, i
