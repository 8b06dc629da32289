# golden: pass=unfold
# Checks: `fib(n - 1)` is replaced by fib's body, each return of which is
# followed by its own copy of `b = fib(n - 2); return a + b`. On the
# recursing path the copy's `fib(n - 2)` repeats the inner one (`(n-1)-1`)
# and is removed; the base-case path keeps its call. `walk` writes its list
# argument (impure) and is left alone.

#pythran export fib(int)
def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)

#pythran export walk(int, int list)
def walk(n, log):
    log.append(n)
    if n < 2:
        return n
    return walk(n - 1, log) + walk(n - 2, log)
