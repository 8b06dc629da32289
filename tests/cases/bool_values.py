"""`x = a and b` / `a or b` on same-typed operands return one of the operands;
bool values, bool arguments and bool results."""
#pythran export and_or_int(int, int)
#pythran export and_or_float(float, float)
#pythran export and_or_bool(bool, bool)
#pythran export flags(int)
#runas and_or_int(3, 5)
#runas and_or_int(0, 5)
#runas and_or_float(0.0, -1.5)
#runas and_or_float(2.5, 0.0)
#runas and_or_bool(True, False)
#runas flags(6)


def and_or_int(a, b):
    x = a and b
    y = a or b
    z = b and a and 7
    return x, y, z


def and_or_float(a, b):
    x = a and b
    y = a or b
    return x, y


def and_or_bool(a, b):
    return a and b, a or b, not a or b


def flags(n):
    even = n % 2 == 0
    big = n > 5
    both = even and big
    return even, big, both, even != big
