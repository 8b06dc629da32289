"""Float `//`: Python's rounding (from fmod, not floor(a / b)), signed zeros,
infinities."""
#pythran export fdiv(float, float)
#pythran export mixed(int, float)
#pythran export inf_cases()
#runas fdiv(-7.5, 2.0)
#runas fdiv(1.0, 0.1)
#runas fdiv(-0.0, 1.0)
#runas fdiv(0.0, -1.0)
#runas mixed(7, 2.0)
#runas inf_cases()
import math


def fdiv(a, b):
    return a // b


def mixed(a, b):
    return a // b, b // a, -a // b


def inf_cases():
    return math.inf // 2.0, -5.0 // math.inf, 5.0 // math.inf, 0.3 // 0.1
