# golden: pass=inline
# Checks: the calls to the small helpers `sq` and `clamp` are replaced by
# their bodies (a loop that runs once, each `return` a store of the result
# and a `break`); `big` has more operations than the limit and stays a call.

#pythran export f(float, float)
def sq(x):
    return x * x

def clamp(x, lo, hi):
    if x < lo:
        return lo
    if x > hi:
        return hi
    return x

def big(x):
    s = 0.0
    for i in range(10):
        s += x * i + 1.0
        s -= x / (i + 1.0)
        s *= 0.5
        s += sq(s) * 0.001
        if s > 100.0:
            s = 100.0
        if s < -100.0:
            s = -100.0
        s += x
        s -= 1.0
        s *= 0.99
        s += 0.5
    return s

def f(a, b):
    return clamp(sq(a) - sq(b), -1.0, 1.0) + big(a)
