"""Integer `%` takes the divisor's sign: -7 % 2 == 1, 7 % -2 == -1."""
#pythran export imod(int, int)
#pythran export table()
#runas imod(7, 2)
#runas imod(-7, 2)
#runas imod(7, -2)
#runas imod(-7, -2)
#runas imod(-6, 3)
#runas table()


def imod(a, b):
    return a % b


def table():
    s = 0
    for a in range(-9, 10):
        for b in range(-4, 5):
            if b != 0:
                s = (s * 31 + a % b + 5) % 1000003
    return s
