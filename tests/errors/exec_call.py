# Checks: `exec(...)` is reported as unsupported (not as an undefined name).
#pythran export f(int)


def f(n):
    exec("n = n + 1")
    return n
