# Checks: a generator function called where a value is needed (kiln has no
# generator objects) is reported at the call, naming the generator.
#pythran export f(int)


def gen(n):
    for i in range(n):
        yield i


def f(n):
    g = gen(n)
    return g
