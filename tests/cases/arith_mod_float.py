"""Float `%` takes the divisor's sign; a zero result gets the divisor's sign."""
#pythran export fmod_(float, float)
#pythran export mixed(float, int)
#pythran export special()
#runas fmod_(5.5, -2.0)
#runas fmod_(-7.5, 2.0)
#runas fmod_(1.0, 0.1)
#runas fmod_(6.0, -3.0)
#runas mixed(-0.0, 1)
#runas special()
import math


def fmod_(a, b):
    return a % b


def mixed(a, b):
    return a % b, 5.5 % -2, -6.0 % 3, b % 2.5


def special():
    return math.inf % 2.0, -5.0 % math.inf, 5.0 % -math.inf, 0.0 % -1.0, 1e-300 % 3.0
