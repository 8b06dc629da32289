"""`[a, b] + r`, `l + [a, b]` and `x[a:b] + r`: built in one allocation with
the final size (front/lower `concat_with_display`, `concat_with_slice`).
Checks the values, float elements, Python's evaluation order (a right
operand that modifies the sliced list sees it sliced first), nested and str
elements (their references), the results' independence from the operands,
slice bounds (negative, out of range, None, empty), and the fallbacks (str
and array slices, a display added to a non-list, an empty display)."""
#pythran export prepend(int, int list)
#pythran export append_two(int list, int, int)
#pythran export widen(float list, float)
#pythran export empty_sides(int list)
#pythran export nested(int list list)
#pythran export words(str list, str)
#pythran export order(int)
#pythran export independent(int list)
#pythran export perms(int list)
#pythran export tuple_plus(int)
#pythran export slice_plus(int list, int)
#pythran export slice_bounds(int list, int, int)
#pythran export slice_mutated(int list)
#pythran export slice_nested(int list list, int)
#pythran export slice_fallbacks(str, float[:])
#runas prepend(1, [2, 3]), prepend(0, [])
#runas append_two([1, 2], 3, 4), append_two([], -1, -2)
#runas widen([1.5, 2.5], 3.0), widen([], 0.5)
#runas empty_sides([1, 2]), empty_sides([])
#runas nested([[1], [2, 3]]), nested([])
#runas words(["b", "c"], "a"), words([], "x")
#runas order(3)
#runas independent([1, 2, 3])
#runas perms([1, 2, 3]), perms([]), perms([7])
#runas tuple_plus(2)
#runas slice_plus([1, 2, 3, 4], 1), slice_plus([1, 2, 3, 4], 0), slice_plus([1, 2, 3, 4], 3), slice_plus([5], 0)
#runas slice_bounds([1, 2, 3, 4, 5], 1, 3), slice_bounds([1, 2, 3, 4, 5], -2, 10), slice_bounds([1, 2, 3, 4, 5], 4, 2), slice_bounds([], 0, 1), slice_bounds([1, 2], -9, -1)
#runas slice_mutated([1, 2, 3])
#runas slice_nested([[1], [2], [3]], 1)
#runas import numpy as np; slice_fallbacks("hello", np.arange(5.0))


def prepend(x, xs):
    return [x] + xs


def append_two(xs, a, b):
    return xs + [a, b]


def widen(xs, k):
    return [k] + xs + [k * 2]


def empty_sides(xs):
    return [] + xs, xs + [], [] + [] + xs


def nested(xss):
    a = [[0]] + xss
    b = xss + [[9, 9]]
    a[0].append(5)
    return a, b, xss


def words(ws, w):
    return [w] + ws + [w.upper()]


def log_value(log, v):
    log.append(v)
    return v


def log_list(log, n):
    log.append(-1)
    return [n] * n


def order(n):
    log = [0]
    r = [log_value(log, 1), log_value(log, 2)] + log_list(log, n)
    s = log_list(log, n) + [log_value(log, 3)]
    return r, s, log


def independent(xs):
    a = [0] + xs
    b = xs + [0]
    a.append(1)
    b[0] = 99
    xs.append(4)
    return a, b, xs


def permutations_of(items):
    if len(items) <= 1:
        return [list(items)]
    result = []
    for i in range(len(items)):
        head = items[i]
        rest = items[:i] + items[i + 1:]
        for tail in permutations_of(rest):
            result.append([head] + tail)
    return result


def perms(xs):
    return permutations_of(xs)


def tuple_plus(n):
    t = (n, n + 1)
    return [t] + [(0, 0)], [(1, 2)] + [t]


def slice_plus(xs, i):
    return xs[:i] + xs[i + 1:]


def slice_bounds(xs, a, b):
    return xs[a:b] + xs, xs[a:] + [a], xs[:b] + xs[b:], xs[None:b] + [], xs[a:None] + xs[::2]


def grow(xs):
    xs.append(99)
    return [len(xs)]


def slice_mutated(xs):
    a = xs[:] + grow(xs)
    b = xs[1:] + xs
    return a, b, xs


def slice_nested(xss, i):
    r = xss[:i] + xss[i + 1:]
    r[0].append(7)
    return r, xss


def slice_fallbacks(s, a):
    return s[1:3] + s, a[:2] + a[3:]
