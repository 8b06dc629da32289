"""`map` and `filter` (desugared to generator expressions, front/desugar.rs),
`for` loops over generator expressions, and a stored `map` read once (moved
to its read: no temporary list)."""
#pythran export apply_all(int list)
#pythran export cos_sum(int)
#pythran export pairs(float list, float list)
#pythran export loops(int list)
#pythran export early_exit(int list, int)
#pythran export shadow(int list)
#pythran export not_first(int list)
#runas apply_all([3, -1, 2, 0, 5]), apply_all([])
#runas cos_sum(10), cos_sum(1)
#runas pairs([1.0, 2.0, 3.0], [4.0, 5.0]), pairs([0.5], [2.0, 3.0])
#runas pairs([], [1.0])
#runas loops([4, 7, 10, 13]), loops([])
#runas early_exit([1, 5, 2, 8, 3], 4), early_exit([1, 2], 9)
#runas shadow([1, 2, 3])
#runas not_first([2, 4, 5])
import math


def sq(x):
    return x * x


def apply_all(xs):
    a = list(map(sq, xs))
    b = sum(map(lambda x: x + 1, xs))
    c = list(filter(None, xs))
    d = sorted(map(abs, xs))
    e = set(filter(lambda v: v % 2 == 0, xs))
    f = any(map(lambda v: v > 4, xs)), all(map(lambda v: v > -5, xs))
    return a, b, c, d, len(e), f


def cos_sum(n):
    l = map(math.cos, range(n))
    return sum(l)


def pairs(a, b):
    m = max(map(math.hypot, a, b)) if len(a) > 0 and len(b) > 0 else -1.0
    return list(map(lambda x, y: x * y, a, b)), m


def loops(xs):
    out = []
    for v in map(lambda x: x // 3, xs):
        out.append(v)
    for v in filter(lambda x: x > 5, xs):
        out.append(-v)
    for v in (x * 10 for x in xs if x % 2 == 1):
        out.append(v)
    evens = filter(lambda x: x % 2 == 0, xs)
    for v in evens:
        out.append(v + 1000)
    return out


def early_exit(xs, limit):
    found = -1
    for v in map(lambda x: x * 2, xs):
        if v < 4:
            continue
        if v > limit:
            found = v
            break
    return found


def shadow(xs):
    # The lambda's `x` is its own; the loop body's `x` is the function's.
    x = 100
    out = []
    for v in map(lambda x: x + 1, xs):
        out.append(v + x)
    return out, x


def not_first(xs):
    # `filter` whose condition calls a module function.
    return list(filter(is_odd, xs)), list(map(is_odd, xs))


def is_odd(v):
    return v % 2 == 1


#pythran export keyed(int list)
#pythran export keyed_words(str list)
#pythran export keyed_pairs((int, float) list)
#runas keyed([3, -1, 2, 0, 5, 6, 4]), keyed([7])
#runas keyed([])
#runas keyed_words(["bb", "a", "ccc", "dd", "e"])
#runas keyed_words([])
#runas keyed_pairs([(1, 2.5), (2, 0.5), (3, 2.5)])
def keyed(xs):
    # Stable order for equal keys, first of equal minima and maxima, as CPython.
    return (sorted(xs, key=lambda x: x % 3), sorted(xs, key=neg_of),
            sorted(xs, key=lambda x: x % 3, reverse=True),
            min(xs, key=lambda x: x % 3), max(xs, key=lambda x: x % 3))


def neg_of(x):
    return -x


def keyed_words(ws):
    return sorted(ws, key=len), max(ws, key=len), min(ws, key=lambda w: w[-1])


def keyed_pairs(ps):
    return sorted(ps, key=lambda p: p[1]), max(ps, key=lambda p: p[1])[0], sorted(ps, key=lambda p: -p[0], reverse=True)
