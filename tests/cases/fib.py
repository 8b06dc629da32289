#pythran export fib(int)
#setup: n = 27
#run: fib(n)
#size: fib(27)
"""(m) Naive doubly-recursive Fibonacci on ints: call overhead."""


def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)

# Differential test inputs (tests/test_cases.py), smaller than the benchmark's.
#runas fib(20)
#runas fib(0), fib(1), fib(2)
