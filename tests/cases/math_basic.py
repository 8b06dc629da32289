"""math.sqrt / exp / log / log10 / log2 (`import math` style)."""
#pythran export roots(float)
#pythran export logs(float)
#pythran export on_int(int)
#runas roots(2.0), roots(0.0), roots(1e300)
#runas logs(10.0), logs(1e-300)
#runas on_int(8)
import math


def roots(x):
    return math.sqrt(x), math.exp(x / 1e300), math.sqrt(x) * math.sqrt(x)


def logs(x):
    return math.log(x), math.log10(x), math.log2(x), math.exp(math.log(x))


def on_int(n):
    return math.sqrt(n), math.log2(n), math.log(n, 2), math.log10(n * 125), math.exp(n)
