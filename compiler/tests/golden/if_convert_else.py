# golden: pass=if-convert
# Checks: the short `if`/`else` in the loop becomes straight-line code: both
# branches' pure operations run, `c` gets `select(cond, c + 2, c)` and then
# `select(cond, c, c - 1)`; the `if` with a call in its branch stays.
#pythran export f(int, float, float)
def g(x):
    return x + 1


def f(n, a, b):
    c = 0
    for i in range(n):
        if i * a < b:
            c += 2
        else:
            c -= 1
    if n > 3:
        c = g(c)
    else:
        c = 0
    return c
