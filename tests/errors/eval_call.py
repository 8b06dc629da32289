# Checks: `eval(...)` is reported as unsupported (not as an undefined name).
#pythran export f(int)


def f(n):
    return eval("n * 2")
