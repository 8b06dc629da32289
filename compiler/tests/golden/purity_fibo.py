# golden: analysis=purity
# Checks: recursive `fibo` is pure (its call-graph component has no effects);
# `twice` calls only pure functions, so it is pure too.

#pythran export twice(int)
def fibo(n):
    if n < 2:
        return n
    return fibo(n - 1) + fibo(n - 2)

def twice(n):
    return 2 * fibo(n)
