"""Double recursion whose first call feeds the tail call's accumulator:
`tailrec` passes the accumulator into that call (`f__acc`). Results, call
order (a log) and the `*` accumulator must match CPython."""
#pythran export fib(int)
#pythran export prodrec(int)
#pythran export walk(int, int list)
#pythran export paths(int, int)
#pythran export reused(int)
#pythran export trib(int)
#runas [fib(i) for i in range(-2, 26)]
#runas [prodrec(i) for i in range(9)]
#runas log = []; walk(7, log), log
#runas log = []; walk(1, log), log
#runas [paths(n, k) for n in range(-1, 12) for k in range(4)]
#runas [reused(i) for i in range(15)]
#runas [trib(i) for i in range(18)]


def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


def prodrec(n):
    if n < 2:
        return n + 2
    return prodrec(n - 1) * prodrec(n - 2)


def walk(n, log):
    log.append(n)
    if n < 2:
        return n
    return walk(n - 1, log) + walk(n - 2, log)


def paths(n, k):
    if n <= 0 or k == 0:
        return 1
    return paths(n - 1, k) + paths(n - 2, k - 1)


def reused(n):
    if n < 2:
        return n
    x = reused(n - 1)
    return x % 3 + reused(n - 2) + x


def trib(n):
    if n < 3:
        return n
    return trib(n - 1) + trib(n - 2) + trib(n - 3)
