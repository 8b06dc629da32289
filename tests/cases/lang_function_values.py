"""Functions as values (front/lower/fnvalue.rs): module functions, lambdas,
one-expression nested functions, `operator` functions and builtins passed to
module functions, which are specialised per function (as Pythran does);
functions passed on through several calls, used by map/sorted/reduce inside
the callee, recursion with a function argument, a local bound to a function."""
#pythran export basics(int)
#pythran export floats(float)
#pythran export chained(int list)
#pythran export recursive(int)
#pythran export alias(int)
#pythran export errors(int)
#runas basics(3), basics(-2)
#runas floats(2.25), floats(0.0)
#runas chained([3, 1, 2]), chained([])
#runas recursive(5), recursive(0)
#runas alias(4)
#runas errors(4)
#runas errors(0)
import math
import operator
from functools import reduce


def g(v):
    return v * 10


def inc(v, by=1):
    return v + by


def apply(f, x):
    return f(x)


def apply2(f, x, y):
    return f(x, y)


def twice(f, x):
    return apply(f, apply(f, x))


def mapped(f, xs):
    return [f(x) for x in xs], list(map(f, xs)), sorted(xs, key=f)


def folded(f, xs, start):
    return reduce(f, xs, start)


def iterate(f, x, n):
    if n == 0:
        return x
    return iterate(f, f(x), n - 1)


def basics(n):
    def half(v):
        return v // 2

    return (apply(g, n), apply(inc, n), apply(lambda v: v - 1, n), apply(half, n), apply(abs, n),
            apply2(operator.add, n, 5), apply2(max, n, 1), twice(g, n), twice(lambda v: v * v, n), apply(f=g, x=n))


def floats(x):
    return apply(math.sqrt, x), apply(lambda v: v / 2, x), apply(float, 3), apply(round, x), apply2(pow, x, 2)


def chained(xs):
    return mapped(g, xs), mapped(lambda v: -v, xs), folded(operator.mul, xs, 1), folded(lambda a, b: a * 10 + b, xs, 0)


def recursive(n):
    return iterate(g, 1, n), iterate(lambda v: v + 3, 0, n)


def alias(n):
    h = g
    k = operator.sub
    s = math.floor
    return h(n), k(n, 1), apply(h, n), s(2.5), list(map(h, [n, n + 1]))


def errors(n):
    return apply2(operator.floordiv, 10, n), apply(lambda v: 10 % v, n)
