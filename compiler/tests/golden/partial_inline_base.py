# golden: before=tailrec pass=partial-inline
# Checks: before the remaining recursive call of `fib` (after tailrec), the
# base case of the callee is tested inline: `fib(m)` with `m < 2` gives `m`
# without a call, and only larger arguments call.

#pythran export fib(int)
def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)
