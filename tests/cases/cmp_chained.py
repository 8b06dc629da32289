"""Chained comparisons evaluate each operand once and stop at the first false
link (the later operands are not evaluated)."""
#pythran export between(int, int, int)
#pythran export chains(float, float, float)
#pythran export lazy(int, int)
#pythran export count_in_range(int, int, int)
#runas between(1, 2, 3)
#runas between(1, 3, 2)
#runas chains(1.0, 1.0, 1.0)
#runas chains(0.0, 2.0, -1.0)
#runas lazy(1, 0)
#runas count_in_range(-5, 20, 7)


def between(a, b, c):
    return a < b < c, a <= b <= c, a < b > c, a == b == c, a != b != c


def chains(x, y, z):
    return x <= y <= z, x < y > z, x == y == z, x < y < z < 10.0


def lazy(lo, x):
    # With x == 0 the first link is false, so 100 // x is never evaluated.
    return lo < x < 100 // x


def count_in_range(lo, hi, k):
    c = 0
    for i in range(lo, hi):
        if 0 <= i % k < 3 <= i:
            c += 1
    return c
