# Checks: `for ... else` over zip() of a generator is refused (leaving the
# inlined generator when a sequence runs out looks like a `break` to it).
#pythran export f(int list)


def gen(n):
    for i in range(n):
        yield i


def f(xs):
    total = 0
    for g, x in zip(gen(5), xs):
        total += g * x
    else:
        total = -total
    return total
