# Checks: zip() takes a generator only as its first argument (CPython
# advances zip's iterators in order, so a generator after an exhausted
# sequence is never resumed); the diagnostic points at the generator call.
#pythran export f(int list)


def gen(n):
    for i in range(n):
        yield i


def f(xs):
    out = []
    for x, g in zip(xs, gen(3)):
        out.append(x + g)
    return out
