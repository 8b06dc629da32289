"""True division `/`: int / int gives a float, also for exact quotients and
negative operands; mixed int/float operands."""
#pythran export idiv(int, int)
#pythran export mixed(int, float)
#runas idiv(7, 2)
#runas idiv(-7, 2)
#runas idiv(6, 3)
#runas idiv(1, 3)
#runas idiv(9007199254740993, 1)
#runas mixed(7, -0.5)


def idiv(a, b):
    return a / b


def mixed(a, b):
    return a / b, b / a, (a + 1) / 4
