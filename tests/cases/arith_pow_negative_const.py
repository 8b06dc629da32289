"""`int ** negative constant` is a float, as in Python (only a non-constant
negative exponent is a documented difference), and `0 ** -2` raises
CPython's ZeroDivisionError. Found by tests/test_random_programs.py."""
#pythran export pow_neg(int)
#runas pow_neg(3)
#runas pow_neg(-2)
#runas pow_neg(0)


def pow_neg(x):
    return x ** -2
