"""The `operator` module (front/lower/pylib.rs): each function is the
operator it names, called directly and passed to `map`, `sorted(key=...)`,
`max(key=...)` and `functools.reduce`; `itemgetter(i)` applied to tuples,
lists and dicts; CPython's exceptions (ZeroDivisionError, IndexError, KeyError)."""
#pythran export direct(int, int)
#pythran export direct_float(float, float)
#pythran export unary(int, float)
#pythran export as_args(int list, int list)
#pythran export keyed((int, str) list)
#pythran export getters(int list, str:int dict, str)
#pythran export divide(int, int)
#runas direct(7, 3), direct(-7, 2), direct(0, 5)
#runas direct(1, 0)
#runas direct_float(7.5, 2.0), direct_float(-1.0, 3.0)
#runas direct_float(1.0, 0.0)
#runas unary(5, -2.5), unary(0, 0.0)
#runas as_args([1, 2, 3], [4, 5, 6]), as_args([], [])
#runas keyed([(3, "c"), (1, "a"), (2, "b"), (1, "z")])
#runas getters([10, 20, 30], {"a": 1, "b": 2}, "a")
#runas getters([10], {"a": 1}, "a")
#runas getters([10, 20, 30], {"a": 1}, "q")
#runas divide(7, 2), divide(-7, 2)
#runas divide(7, 0)
import operator
from operator import add, mul, itemgetter
import functools


def direct(a, b):
    return (operator.add(a, b), operator.sub(a, b), mul(a, b), operator.floordiv(a, b), operator.mod(a, b),
            operator.pow(a, 2), operator.and_(a, b), operator.or_(a, b), operator.xor(a, b),
            operator.eq(a, b), operator.ne(a, b), operator.lt(a, b), operator.le(a, b), operator.gt(a, b), operator.ge(a, b))


def direct_float(x, y):
    return operator.truediv(x, y), operator.floordiv(x, y), operator.mod(x, y), operator.pow(x, y), add(x, 1)


def unary(n, x):
    return (operator.neg(n), operator.pos(x), operator.abs(x), operator.abs(n), operator.not_(n), operator.truth(x),
            operator.neg(x), operator.not_(x))


def as_args(xs, ys):
    return (list(map(operator.add, xs, ys)), list(map(operator.neg, xs)), functools.reduce(operator.mul, xs, 1),
            functools.reduce(operator.add, ys, 0), sum(map(mul, xs, ys)), list(map(operator.lt, xs, ys)))


def keyed(pairs):
    return (sorted(pairs, key=itemgetter(1)), sorted(pairs, key=operator.itemgetter(0)), max(pairs, key=itemgetter(0)),
            min(pairs, key=operator.itemgetter(1)), list(map(itemgetter(1), pairs)), itemgetter(0)(pairs[0]))


def getters(xs, d, k):
    return operator.getitem(xs, 2), operator.getitem(d, k), itemgetter(-1)(xs), operator.itemgetter(k)(d)


def divide(a, b):
    return operator.truediv(a, b), functools.reduce(operator.floordiv, [a, b])
