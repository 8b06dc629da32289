"""Comparisons with nan are all false except `!=`; infinities order normally."""
#pythran export nan_cmp(float)
#pythran export inf_cmp(float)
#pythran export max_loop(float, float)
#runas nan_cmp(1.0)
#runas inf_cmp(1e308)
#runas max_loop(1.0, 2.0)
import math


def nan_cmp(x):
    n = math.nan
    return n < x, n <= x, n > x, n >= x, n == n, n != n, x != n


def inf_cmp(x):
    i = math.inf
    return x < i, -i < -x, i == i, i > i, i == x * 10.0


def max_loop(a, b):
    # `if v > best` never fires for nan.
    best = a
    v = math.nan
    if v > best:
        best = v
    if b > best:
        best = b
    return best
