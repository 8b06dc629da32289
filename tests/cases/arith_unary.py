"""Unary -, + and `not` on ints, floats and bools."""
#pythran export un_int(int)
#pythran export un_float(float)
#pythran export un_bool(bool)
#runas un_int(0)
#runas un_int(-5)
#runas un_float(0.0)
#runas un_float(-2.5)
#runas un_bool(True)


def un_int(x):
    return -x, +x, not x, -(-x), - -x


def un_float(x):
    return -x, +x, not x, -(x * 2.0)


def un_bool(b):
    return not b, -b, +b, not not b
