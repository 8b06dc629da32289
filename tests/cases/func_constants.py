"""Module-level numeric constants, including ones computed from others and
from math."""
#pythran export scaled(float)
#pythran export steps()
#pythran export circle(float)
#pythran export flagged(int)
#runas scaled(4.0)
#runas steps()
#runas circle(0.5)
#runas flagged(3)
import math

N = 10
SCALE = 2.5
TWO_PI = 2 * math.pi
HALF_SCALE = SCALE / 2
NEG = -3
BIG = 10 ** 12
DEBUG = False


def scaled(x):
    return x * SCALE + HALF_SCALE


def steps():
    s = 0
    for i in range(N):
        s += i * NEG
    return s + BIG


def circle(r):
    return TWO_PI * r, TWO_PI


def flagged(x):
    if DEBUG:
        return -x
    return x * N
