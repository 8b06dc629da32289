"""Integer floor division rounds toward minus infinity (the divisor's sign)."""
#pythran export fdiv(int, int)
#pythran export table()
#runas fdiv(7, 2)
#runas fdiv(-7, 2)
#runas fdiv(7, -2)
#runas fdiv(-7, -2)
#runas fdiv(-6, 3)
#runas table()


def fdiv(a, b):
    return a // b


def table():
    s = 0
    for a in range(-9, 10):
        for b in range(-4, 5):
            if b != 0:
                s = s * 7 + a // b
                s = s % 1000003
    return s
