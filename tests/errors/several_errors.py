# Checks: several independent errors in one file are all reported in one run:
# a bad spec, an unsupported import, an undefined name and a user class.
#pythran export g(float, flaot)
#pythran export h(int)
import pandas


class Point:
    pass


def g(x, y):
    return x + y


def h(n):
    return n + undefined_thing
