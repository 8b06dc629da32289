"""`pow(base, exp, mod)` for ints (runtime/src/pynum.rs): the sign of the
result follows the modulus, negative exponents use the modular inverse
(Python 3.8+), `ValueError` for a zero modulus or a non-invertible base;
`pow` with float arguments, constant negative int exponents (a float), and
0 ** negative (`ZeroDivisionError`)."""
#pythran export pm(int, int, int)
#pythran export pkw(int, int, int)
#pythran export pfloat(float, int)
#pythran export pneg(int)
#pythran export pzero(float)
#runas pm(3, 4, 5), pm(3, 4, -5), pm(-3, 3, 7), pm(-3, 3, -7), pm(2, 0, 1), pm(2, 0, -1), pm(0, 0, 7), pm(10, 18, 1000000007)
#runas pm(3, -1, 7), pm(-3, -1, 7), pm(3, -2, -7), pm(9223372036854775807, 9223372036854775807, 9223372036854775806), pm(12345, 6789, -9223372036854775807)
#runas pm(2, 5, 0)
#runas pm(2, -1, 4)
#runas pm(0, -1, 5)
#runas pkw(5, 3, 13), pkw(-5, 3, 13)
#runas pfloat(2.0, 3), pfloat(-2.0, 3), pfloat(0.5, -2), pfloat(-8.0, 0)
#runas pfloat(0.0, -1)
#runas pfloat(-8.0, 1)
#runas pneg(2), pneg(-4)
#runas pneg(0)
#runas pzero(0.0)
#runas pzero(2.0)


def pm(a, b, m):
    return pow(a, b, m)


def pkw(a, b, m):
    return pow(a, b, mod=m), pow(base=a, exp=b, mod=m), pow(a, b, None)


def pfloat(x, n):
    return pow(x, n), pow(x, float(n)), x ** n


def pneg(n):
    return pow(n, -2), n ** -1


def pzero(x):
    return pow(x, -1.5)
