"""Integer `/`, `//` and `%` by zero raise ZeroDivisionError with CPython's
messages (they differ per operator)."""
#pythran export div(int, int)
#pythran export fdiv(int, int)
#pythran export mod(int, int)
#pythran export in_loop(int)
#runas div(1, 0)
#runas fdiv(-5, 0)
#runas mod(3, 0)
#runas in_loop(4)


def div(a, b):
    return a / b


def fdiv(a, b):
    return a // b


def mod(a, b):
    return a % b


def in_loop(n):
    s = 0
    for i in range(n, -n, -1):
        s += 100 // i
    return s
