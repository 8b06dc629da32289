"""The six comparison operators on ints, floats, mixed int/float and bools;
results are Python bools."""
#pythran export icmp(int, int)
#pythran export fcmp(float, float)
#pythran export mcmp(int, float)
#pythran export bcmp(bool, bool)
#runas icmp(3, 5)
#runas icmp(-2, -2)
#runas fcmp(0.5, -0.5)
#runas fcmp(0.0, -0.0)
#runas mcmp(2, 2.0)
#runas bcmp(True, False)


def icmp(a, b):
    return a < b, a <= b, a > b, a >= b, a == b, a != b


def fcmp(a, b):
    return a < b, a <= b, a > b, a >= b, a == b, a != b


def mcmp(a, b):
    return a < b, a <= b, a > b, a >= b, a == b, a != b, b == a


def bcmp(a, b):
    return a < b, a == b, a != b, a > b, a == 1, b == 0
