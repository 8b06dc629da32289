# Checks: a variable that holds a str on one path and a float on another at
# the same program point is a type error naming both types and where each
# came from.
#pythran export f(float)


def f(x):
    if x > 0.0:
        y = "positive"
    else:
        y = x * 2.0
    return y
