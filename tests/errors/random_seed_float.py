# Checks: `random.seed` of a float (hashed by CPython) is reported: kiln
# reproduces CPython's stream for int seeds.
#pythran export f(float)
import random


def f(x):
    random.seed(x)
    return random.random()
