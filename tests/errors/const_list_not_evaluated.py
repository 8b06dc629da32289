# Checks: a module-level call that cannot be evaluated at compile time
# (it raises for its arguments, or it prints) leaves its global unusable,
# and the error says why the evaluation failed.
#pythran export f(int)
def pick(n):
    base = [10, 20, 30]
    return [base[n], base[n - 1]]


def noisy(n):
    print(n)
    return [n, n + 1]


first = pick(7)
second = noisy(3)


def f(x):
    return first[0] + second[0] + x
