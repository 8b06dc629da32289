"""Nested loops with bounds that depend on the outer variable."""
#pythran export pairs(int)
#pythran export triangle(int)
#pythran export triple(int)
#runas pairs(5)
#runas triangle(6)
#runas triple(4)


def pairs(n):
    c = 0
    for i in range(n):
        for j in range(i + 1, n):
            c += i * j
    return c


def triangle(n):
    s = 0.0
    for i in range(n):
        for j in range(i):
            s += (i - j) / (i + 1)
    return s


def triple(n):
    c = 0
    for i in range(n):
        for j in range(n):
            for k in range(j, n):
                if i + j + k == n:
                    c += 1
    return c
