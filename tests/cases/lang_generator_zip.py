"""`zip` with a generator as its first argument: the generator is inlined
and paired with sequences (lists, strs, ranges, 1-D arrays); the shortest
ends the loop. A generator with side effects runs exactly as often as in
CPython (once more than the shortest sequence has items), and `break`,
`continue`, comprehensions and reductions over such a zip work."""
import numpy as np

#pythran export pairs(int, int list)
#pythran export logged(int, int list)
#pythran export mixed(int, str, float64[:])
#pythran export control(int, int list)
#pythran export comprehended(int, int list)
#pythran export three(int, int list, int list)
#pythran export empty_literal(int)
#runas pairs(5, [10, 20, 30]), pairs(2, [10, 20, 30]), pairs(3, [7, 8, 9]), pairs(0, [1]), pairs(4, [])
#runas logged(5, [1, 2]), logged(1, [1, 2, 3]), logged(3, [])
#runas import numpy as np; mixed(6, "abcd", np.arange(5.0))
#runas control(8, [3, 1, 4, 1, 5, 9, 2, 6])
#runas comprehended(6, [2, 4, 6, 8])
#runas three(10, [1, 2, 3, 4], [5, 6, 7])
#runas empty_literal(3), empty_literal(0)


def squares(n):
    for i in range(n):
        yield i * i


def logging_gen(n, log):
    for i in range(n):
        log.append(i)
        yield i


def pairs(n, xs):
    out = []
    for s, x in zip(squares(n), xs):
        out.append((s, x))
    return out


def logged(n, xs):
    log = [-1]
    got = [(a, b) for a, b in zip(logging_gen(n, log), xs)]
    return got, log


def mixed(n, s, a):
    out = []
    for q, c, r, v in zip(squares(n), s, range(10, 0, -2), a):
        out.append((q, c, r, v))
    return out


def control(n, xs):
    total = 0
    for s, x in zip(squares(n), xs):
        if x == 1:
            continue
        if s > 30:
            break
        total += s * x
    return total


def comprehended(n, xs):
    return [s + x for s, x in zip(squares(n), xs)], sum(s * x for s, x in zip(squares(n), xs)), max(s - x for s, x in zip(squares(n), xs))


def three(n, xs, ys):
    return [(s, x, y) for s, x, y in zip(squares(n), xs, ys)]


def empty_literal(n):
    log = [-1]
    for a, b in zip(logging_gen(n, log), []):
        log.append(100)
    return log
