"""math.pi e tau inf nan as values and in expressions."""
#pythran export consts()
#pythran export area(float)
#runas consts()
#runas area(2.0)
import math


def consts():
    return math.pi, math.e, math.tau, math.inf, -math.inf, math.nan


def area(r):
    return math.pi * r * r, math.tau * r, math.e ** r, r < math.inf
