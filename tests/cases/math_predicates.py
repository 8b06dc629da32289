"""isnan isinf isfinite return bool."""
#pythran export preds(float)
#pythran export specials()
#runas preds(1.5), preds(1e308 * 10.0), preds(-1e308 * 10.0)
#runas specials()
import math


def preds(x):
    return math.isnan(x), math.isinf(x), math.isfinite(x)


def specials():
    n = math.nan
    return math.isnan(n), math.isinf(n), math.isfinite(n), math.isinf(-math.inf), math.isnan(n - n)
