"""Mixed int/float arithmetic promotes to float; bool operands act as ints."""
#pythran export mix(int, float)
#pythran export bools(bool, bool)
#pythran export bool_float(bool, float)
#runas mix(3, 0.5)
#runas mix(-4, 2.0)
#runas bools(True, True)
#runas bools(True, False)
#runas bool_float(True, 2.5)


def mix(i, x):
    return i + x, x - i, i * x, i * 2 + 1, i * 2.0, 1 + i / 2


def bools(a, b):
    return a + b, a * 3, a - b, -a


def bool_float(b, x):
    return b * x, x + b
