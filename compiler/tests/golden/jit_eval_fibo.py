# golden: before=tailrec,inline,inline,partial-inline pass=constfold+jit-eval+dce+dse*
# Checks: `fibo(12)` has a constant argument and `fibo` is pure and cannot
# raise, so it is compiled with cranelift-jit and run at compile time: the
# call becomes 144. `fibo(x)` keeps its call (the argument is not constant).

#pythran export g(int)
def fibo(n):
    if n < 2:
        return n
    return fibo(n - 1) + fibo(n - 2)

def g(x):
    return fibo(12) + fibo(x)
