# Checks: a list display mixing element types is an error naming both types
# (kiln containers hold one element type).
#pythran export f(int)


def f(n):
    return [n, "n"]
