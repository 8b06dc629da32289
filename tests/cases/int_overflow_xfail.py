"""int is int64 in kiln: overflow wraps (as in NumPy and Pythran) where
CPython's ints grow. These runas document the divergence; the first one stays
in range and must agree."""
#pythran export add(int, int)
#pythran export fact(int)
#runas add(2**62, 2**61)
#runas add(9223372036854775807, 1)
#kiln-xfail: int64 overflow wraps in kiln, CPython has big ints
#runas fact(25)
#kiln-xfail: int64 overflow wraps in kiln, CPython has big ints


def add(a, b):
    return a + b


def fact(n):
    r = 1
    for i in range(2, n + 1):
        r *= i
    return r
