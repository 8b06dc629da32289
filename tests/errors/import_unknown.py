# Checks: importing a module kiln does not know is rejected at the import,
# naming the module.
#pythran export f(float)
import pandas


def f(x):
    return x * 2.0
