"""A pure function that may raise is still evaluated at compile time: with
arguments for which it does not raise it is folded; with arguments for
which it raises it is not, and the call raises at run time as in CPython
(the callees are too large to be inlined)."""

#pythran export ok(int)
#pythran export bad(int)
#pythran export bad_scalar(int)
#runas ok(1)
#runas bad(1)
#runas bad_scalar(2)
def pick(n):
    base = [10, 20, 30, 40, 50]
    out = []
    for i in range(n):
        if i % 2 == 0:
            out.append(base[i] + base[n - i])
        else:
            out.append(base[i] - base[n - i])
    return out


def ratio(n):
    total = 0
    for i in range(n):
        if i % 3 == 0:
            total += 10 // (n - 3 - i)
        else:
            total += i * 2 - 1
    return total


def ok(x):
    return pick(3) + [x]


def bad(x):
    return pick(7) + [x]


def bad_scalar(x):
    return ratio(3) + ratio(4) + x
