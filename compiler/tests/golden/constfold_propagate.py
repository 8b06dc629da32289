# golden: pass=constfold+dce+dse*
# Checks: `n = 10` reaches `n * 4` from one store, so it is propagated and the
# arithmetic folds (`k = 42`); `k > 40` then folds to True and the `if` keeps
# only its `then` branch; `m` is 1 or 2 depending on `c`, so it stays a load;
# Python floor division folds with Python's sign rule (`-7 // 2 == -4`).

#pythran export f(bool)
def f(c):
    n = 10
    k = n * 4 + 2
    if k > 40:
        r = k + (-7 // 2)
    else:
        r = 0
    m = 1
    if c:
        m = 2
    return r + m
