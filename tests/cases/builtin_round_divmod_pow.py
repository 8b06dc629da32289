"""`round(x)` (ties to even, int result, NaN/inf errors), `divmod` and
`pow` with Python's rules for signs, floats and zero divisors."""
#pythran export rounds(float)
#pythran export round_int(int, bool)
#pythran export dm(int, int)
#pythran export dmf(float, float)
#pythran export pw(int, int)
#pythran export pwf(float, float)
#runas rounds(2.5), rounds(3.5), rounds(-2.5), rounds(-0.4), rounds(1e15 + 0.5), rounds(0.49999999999999994)
#runas rounds(float("nan"))
#runas rounds(float("inf"))
#runas rounds(-float("inf"))
#runas round_int(7, True), round_int(-3, False)
#runas dm(7, 2), dm(-7, 2), dm(7, -2), dm(-7, -2), dm(0, 5)
#runas dm(7, 0)
#runas dmf(7.5, 2.0), dmf(-7.5, 2.0), dmf(7.5, -2.0), dmf(0.0, 3.0)
#runas dmf(1.0, 0.0)
#runas pw(2, 10), pw(-3, 3), pw(5, 0)
#runas pwf(2.0, 0.5), pwf(-8.0, 3.0), pwf(0.0, 0.0)


def rounds(x):
    return round(x)


def round_int(n, b):
    return round(n), round(b)


def dm(a, b):
    return divmod(a, b)


def dmf(a, b):
    return divmod(a, b)


def pw(a, b):
    return pow(a, b)


def pwf(a, b):
    return pow(a, b)
