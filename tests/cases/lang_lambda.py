"""Lambdas and single-expression nested functions, inlined at their calls
(front/lower/lambda.rs): defaults, keywords, late-bound free variables,
lambdas in loops and comprehensions, and as map/filter/key= arguments."""
#pythran export basics(int, float)
#pythran export late_binding(int list)
#pythran export in_loop(int)
#pythran export in_comprehension(int list)
#pythran export errors(int, int)
#runas basics(4, 1.5), basics(0, -2.0)
#runas late_binding([3, 1, 2]), late_binding([])
#runas in_loop(5), in_loop(0)
#runas in_comprehension([1, 2, 3])
#runas errors(7, 2)
#runas errors(7, 0)
import math


def basics(n, x):
    sq = lambda v: v * v
    scale = lambda v, k=2: v * k

    def poly(t):
        """A nested function with a docstring."""
        return 3 * t * t + sq(t) - n

    out = []
    for i in range(n):
        out.append(poly(i) + scale(i) + scale(i, k=5) + scale(k=1, v=i))
    return out, sq(x), (lambda y: y + x)(1.5), math.floor(sq(x))


def late_binding(xs):
    k = 10
    add_k = lambda v: v + k
    k = 20
    return list(map(add_k, xs)), sorted(xs, key=lambda v: -v), [add_k(v) for v in xs], list(filter(lambda v: v > 1, xs))


def in_loop(n):
    total = 0
    for i in range(n):
        inc = lambda v: v + i
        total += inc(1)
    return total


def in_comprehension(xs):
    # The lambda's `x` is the comprehension's; its `xs` is the function's.
    return [(lambda y: y * x + len(xs))(2) for x in xs]


def errors(a, b):
    div = lambda p, q: p // q
    return div(a, b), div(q=3, p=a)
