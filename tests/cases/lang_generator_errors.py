"""Exceptions and generators: raised inside a generator's body (propagating
with CPython's type and message, after the values already consumed), caught
by a try around the consuming loop, raised by the consumer's body, and
asserts and index errors inside generators."""
#pythran export caught(int list)
#pythran export index_error(int list, int)
#pythran export asserting(int)
#pythran export consumer_raises(int)
#pythran export partial_effects(int)
#runas caught([1, 2, 0, 4]), caught([5])
#runas index_error([1, 2, 3], 2)
#runas index_error([1, 2, 3], 5)
#runas asserting(3)
#runas asserting(-1)
#runas consumer_raises(2)
#runas consumer_raises(9)
#runas partial_effects(4)


def ratios(xs):
    for x in xs:
        yield 10 // x


def caught(xs):
    out = []
    try:
        for r in ratios(xs):
            out.append(r)
    except ZeroDivisionError:
        out.append(-1)
    return out


def picks(xs, k):
    for i in range(k):
        yield xs[i]


def index_error(xs, k):
    return sum(picks(xs, k))


def positive_steps(n):
    assert n >= 0, "n must be non-negative"
    for i in range(n):
        yield i


def asserting(n):
    return list(positive_steps(n))


def consumer_raises(n):
    total = 0
    for v in positive_steps(n):
        if v > 4:
            raise ValueError("consumer saw a large value")
        total += v
    return total


def noisy(n):
    for i in range(n):
        print("yield", i)
        yield i
        if i == 2:
            raise KeyError("stop")


def partial_effects(n):
    seen = []
    for v in noisy(n):
        seen.append(v)
        print("seen", seen)
    return seen
