"""Exported functions with no arguments and with bool arguments."""
#pythran export answer()
#pythran export pi_ish()
#pythran export pick(bool, int, int)
#runas answer()
#runas pi_ish()
#runas pick(True, 1, 2), pick(False, 1, 2)


def answer():
    return 42


def pi_ish():
    s = 0.0
    sign = 1.0
    for k in range(1000):
        s += sign / (2 * k + 1)
        sign = -sign
    return 4.0 * s


def pick(flag, a, b):
    if flag:
        return a
    return b
