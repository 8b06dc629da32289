"""itertools.product/permutations/combinations (front/itertools.rs):
CPython's order, over ranges, lists, tuples and strings, in for loops,
comprehensions and builtin consumers."""
#pythran export prod(int, int)
#pythran export prod_repeat(int list)
#pythran export perms(int list)
#pythran export perms_str(str)
#pythran export combs(int, int)
#pythran export combs_consumers(float list)
#pythran export with_break(int)
#runas prod(2, 3), prod(0, 3)
#runas prod_repeat([1, 2]), prod_repeat([])
#runas perms([1, 2, 3]), perms([4]), perms([])
#runas perms_str("abc"), perms_str("")
#runas combs(5, 2), combs(2, 5)
#runas combs_consumers([1.5, 2.0, -3.0, 4.0])
#runas with_break(4), with_break(1)
import itertools
from itertools import product, permutations as perm, combinations


def prod(n, m):
    out = []
    for a, b in itertools.product(range(n), range(m)):
        out.append(a * 10 + b)
    return out, list(product([1, 2], "xy", (True, False)))


def prod_repeat(xs):
    return [t for t in product(xs, repeat=3)], sum(a * b for a, b in product(xs, repeat=2))


def perms(xs):
    return list(perm(xs, 2)), list(perm(xs, 3)), sorted(perm(xs, 1), reverse=True), list(perm((1, 2, 3)))


def perms_str(s):
    return [p[0] + p[1] for p in itertools.permutations(s, 2)]


def combs(n, r):
    return (list(combinations(range(n), 2)), list(combinations(range(n), 3)),
            list(itertools.combinations_with_replacement(range(n), 2)))


def combs_consumers(xs):
    return (max(a * b for a, b in combinations(xs, 2)), min(combinations(xs, 3)),
            any(a + b == 0 for a, b in combinations(xs, 2)), len(set(product(xs, repeat=2))))


def with_break(n):
    count = 0
    found = (-1, -1, -1)
    for a, b, c in itertools.product(range(n), range(n), range(n)):
        count += 1
        if a + b + c == 5:
            found = (a, b, c)
            break
    else:
        count = -count
    return count, found
