# golden: analysis=purity
# Checks: `total` calls recursive, pure `fibo` through `map`, so it is pure;
# `noisy` maps `print` and is not.

#pythran export total(int list)
#pythran export noisy(int list)
def fibo(n):
    if n < 2:
        return n
    return fibo(n - 1) + fibo(n - 2)

def total(l):
    return sum(map(fibo, l))

def noisy(l):
    return list(map(print, l))
