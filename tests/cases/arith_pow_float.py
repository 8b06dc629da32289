"""float ** float, int ** float, float ** int."""
#pythran export fpow(float, float)
#pythran export ifpow(int, float)
#pythran export fipow(float, int)
#runas fpow(2.0, 0.5)
#runas fpow(-2.0, 3.0)
#runas fpow(0.0, 0.0)
#runas ifpow(2, 0.5)
#runas fipow(-2.0, 3)
#runas fipow(1.5, 0)


def fpow(a, b):
    return a ** b


def ifpow(a, b):
    return a ** b


def fipow(a, b):
    return a ** b, a ** 2, 2.0 ** b
