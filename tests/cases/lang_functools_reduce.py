"""`functools.reduce(f, iterable[, initial])` (front/desugar.rs attaches the
call, front/lower/pylib.rs loops): `f` a lambda, a module function, a
nested function, an `operator` function or a builtin; over lists, ranges,
str, generator expressions and `map`; the accumulator changing type; the
TypeError for an empty iterable without an initial value."""
#pythran export with_lambda(int list)
#pythran export with_func(float list)
#pythran export with_ops(int)
#pythran export gen(int)
#pythran export strings(str)
#pythran export empty(int list)
#pythran export nested(int list, int)
#pythran export carried(int list)
#runas with_lambda([1, 2, 3, 4]), with_lambda([5])
#runas with_lambda([])
#runas with_func([1.5, 2.5, -1.0]), with_func([])
#runas with_ops(5), with_ops(1)
#runas with_ops(0)
#runas gen(6), gen(0)
#runas strings("abc"), strings("")
#runas empty([3, 1, 2]), empty([])
#runas nested([1, 2, 3], 10), nested([], 3)
#runas carried([1, 2, 3])
#runas carried([])
#kiln-xfail: an int initial value with float results gives 0.0, not 0, for an empty list (one type per variable; docs/LANGUAGE.md)
import functools
from functools import reduce
import operator as op


def combine(acc, x):
    return acc * 2 + x


def with_lambda(xs):
    return functools.reduce(lambda a, b: a + b, xs), reduce(lambda a, b: a * 10 + b, xs, 7)


def with_func(xs):
    return reduce(combine, xs, 0.5), reduce(max, xs, -100.0), reduce(min, xs, 100.0)


def with_ops(n):
    return reduce(op.mul, range(1, n + 1)), reduce(op.add, range(n), 0), reduce(max, range(n))


def gen(n):
    return reduce(op.add, (i * i for i in range(n)), 0), reduce(lambda a, b: a - b, map(abs, range(-n, n)), 0)


def strings(s):
    return reduce(lambda a, c: c + a, s, ""), reduce(op.add, [c * 2 for c in s], "<")


def empty(xs):
    total = reduce(lambda a, b: a + b, xs, 0)
    return total, reduce(lambda a, b: a if a > b else b, xs)


def nested(xs, k):
    def scale(a, b):
        return a + b * k

    return reduce(scale, xs, 0), reduce(lambda a, b: a + reduce(op.add, [b, k], 0), xs, 0)


def carried(xs):
    # int 0, then floats: the accumulator is one variable of the joined type.
    return reduce(lambda a, b: a + b / 2, xs, 0)
