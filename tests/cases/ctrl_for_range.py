"""for over range(n) and range(a, b), including empty ranges."""
#pythran export sum_n(int)
#pythran export sum_ab(int, int)
#pythran export sum_sq(int)
#runas sum_n(10), sum_n(0), sum_n(-3)
#runas sum_ab(3, 8), sum_ab(-4, 2), sum_ab(5, 5), sum_ab(5, 1)
#runas sum_sq(100)


def sum_n(n):
    s = 0
    for i in range(n):
        s += i
    return s


def sum_ab(a, b):
    s = 0
    for i in range(a, b):
        s = s * 3 + i
    return s


def sum_sq(n):
    s = 0.0
    for i in range(1, n + 1):
        s += 1.0 / (i * i)
    return s
