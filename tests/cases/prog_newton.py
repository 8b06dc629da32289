"""Newton's method with a while loop and a tolerance; bisection."""
#pythran export newton_sqrt(float)
#pythran export bisect_cos()
#runas newton_sqrt(2.0), newton_sqrt(1e-6), newton_sqrt(12345.0)
#runas bisect_cos()
import math


def newton_sqrt(x):
    g = x if x > 1.0 else 1.0
    it = 0
    while abs(g * g - x) > 1e-12 * x and it < 100:
        g = 0.5 * (g + x / g)
        it += 1
    return g, it


def bisect_cos():
    lo = 0.0
    hi = 2.0
    for _ in range(60):
        mid = (lo + hi) / 2.0
        if math.cos(mid) > 0.0:
            lo = mid
        else:
            hi = mid
    return lo, hi
