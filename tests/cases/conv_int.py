"""int() truncates floats toward zero; int(bool) and int(int)."""
#pythran export to_int(float)
#pythran export from_bool(bool)
#pythran export from_int(int)
#runas to_int(3.7), to_int(-3.7), to_int(-0.5), to_int(2.9999999999999996)
#runas to_int(1e18), to_int(-0.0)
#runas from_bool(True), from_bool(False)
#runas from_int(-5)


def to_int(x):
    return int(x)


def from_bool(b):
    return int(b)


def from_int(i):
    return int(i) + int(3.7)
