"""while loops with break and continue."""
#pythran export collatz(int)
#pythran export first_square_above(int)
#pythran export sum_skip(int)
#pythran export count_down(int)
#runas collatz(27)
#runas first_square_above(50)
#runas sum_skip(20)
#runas count_down(0), count_down(5)


def collatz(n):
    steps = 0
    while n != 1:
        if n % 2 == 0:
            n = n // 2
        else:
            n = 3 * n + 1
        steps += 1
    return steps


def first_square_above(limit):
    i = 0
    while True:
        i += 1
        if i * i > limit:
            break
    return i


def sum_skip(n):
    s = 0
    i = 0
    while i < n:
        i += 1
        if i % 3 == 0:
            continue
        if i > 15:
            break
        s += i
    return s, i


def count_down(n):
    c = 0
    while n > 0:
        n -= 1
        c += 2
    return c, n
