"""itertools combined with generators and builtins: enumerate of product,
itertools inside a generator, islice of a user generator, a stored
itertools iterator read once, combinations of a str, chain of generators."""
#pythran export enum_product(int)
#pythran export in_generator(int)
#pythran export stored(int list)
#pythran export letters(str)
#runas enum_product(2), enum_product(0)
#runas in_generator(4)
#runas stored([3, 1, 2]), stored([])
#runas letters("abcd"), letters("a")
import itertools


def enum_product(n):
    return [(i, a, b) for i, (a, b) in enumerate(itertools.product(range(n), "ab"))]


def pairs_sum(n, target):
    for a, b in itertools.combinations(range(n), 2):
        if a + b == target:
            yield a, b


def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b


def in_generator(n):
    return (list(pairs_sum(n, 3)), list(itertools.islice(fib(), 10)),
            [x for x in itertools.islice(fib(), 2, 12, 3)], list(itertools.chain(pairs_sum(n, 4), pairs_sum(n, 5))))


def stored(xs):
    total = 0
    for a, b in itertools.permutations(xs, 2):
        total += a * 10 + b
    it = itertools.islice(itertools.count(len(xs)), 3)
    return total, list(it)


def letters(s):
    return [a + b for a, b in itertools.combinations(s, 2)], len(list(itertools.product(s, repeat=3)))
