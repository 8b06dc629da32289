"""int ** non-negative int stays int (exact, within int64)."""
#pythran export ipow(int, int)
#pythran export table(int)
#runas ipow(2, 10)
#runas ipow(-3, 3)
#runas ipow(0, 0)
#runas ipow(2, 62)
#runas ipow(-1, 1001)
#runas table(6)


def ipow(a, b):
    return a ** b


def table(n):
    s = 0
    for a in range(-n, n + 1):
        for b in range(0, 5):
            s += a ** b
    return s, 7 ** 2 ** 2
