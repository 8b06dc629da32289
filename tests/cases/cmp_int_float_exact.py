"""CPython compares int with float exactly, not by converting the int to a
float: 2**53 + 1 != 2.0**53 even though float(2**53 + 1) == 2.0**53."""
#pythran export eq(int, float)
#pythran export lt(int, float)
#runas eq(9007199254740993, 9007199254740992.0)
#runas eq(9007199254740992, 9007199254740992.0)
#runas lt(9007199254740993, 9007199254740992.0)
#runas lt(-9007199254740993, -9007199254740992.0)


def eq(i, x):
    return i == x, i != x, x == i


def lt(i, x):
    return i < x, i > x, x < i, i <= x, i >= x
