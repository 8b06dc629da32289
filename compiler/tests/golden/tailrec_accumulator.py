# golden: pass=tailrec
# Checks: `fact` (a self call in tail position under `*`) and `count_down`
# (a plain tail call) become loops: parameters are reassigned and the
# multiplication accumulates in a fresh variable; `fib`'s two calls keep
# one call per iteration (the `+` accumulator takes the other branch), and
# that call goes to `fib__2__acc`, which takes the accumulator and returns
# it updated; `fib` itself calls `fib__2__acc(n, 0)`.

#pythran export fact(int)
#pythran export count_down(int, int)
#pythran export fib(int)
def fact(n):
    if n <= 1:
        return 1
    return n * fact(n - 1)

def count_down(n, acc):
    if n == 0:
        return acc
    return count_down(n - 1, acc + n)

def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)
