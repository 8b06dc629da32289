# Checks: a nested function that calls itself cannot be inlined; the error
# names it instead of expanding forever.
#pythran export f(int)


def f(n):
    def fact(k):
        return 1 if k <= 1 else k * fact(k - 1)
    return fact(n)
