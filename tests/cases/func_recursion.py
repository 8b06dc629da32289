"""Simple recursion: factorial, sum, fast power, digit sum."""
#pythran export fact(int)
#pythran export rsum(int)
#pythran export fpow(float, int)
#pythran export digits(int)
#runas fact(0), fact(1), fact(20)
#runas rsum(100)
#runas fpow(1.5, 13), fpow(2.0, 0)
#runas digits(987654321)


def fact(n):
    if n <= 1:
        return 1
    return n * fact(n - 1)


def rsum(n):
    return 0 if n == 0 else n + rsum(n - 1)


def fpow(x, n):
    if n == 0:
        return 1.0
    h = fpow(x, n // 2)
    if n % 2 == 0:
        return h * h
    return h * h * x


def digits(n):
    if n < 10:
        return n
    return n % 10 + digits(n // 10)
