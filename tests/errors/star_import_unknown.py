# Checks: `from <unknown module> import *` is rejected at the import.
#pythran export f(float)
from scipy.special import *


def f(x):
    return x + 1.0
