"""Constant folding and propagation, dead-store elimination and compile-time
evaluation of pure functions (cranelift-jit): every result must be CPython's,
including Python's floor division and modulo signs, float arithmetic,
branches on constants, stores in loops and `try` bodies, and calls that must
not be folded (division by zero raises at run time)."""
import math

#pythran export arith(int)
#pythran export floats(float)
#pythran export branches(bool)
#pythran export loop_store(int)
#pythran export try_store(int)
#pythran export zero_div(int)
#pythran export pure_calls(int)
#pythran export dead_stores(int)
#pythran export unbound_flag(bool)
#runas arith(3), arith(-3)
#runas floats(1.5), floats(-0.0)
#runas branches(True), branches(False)
#runas loop_store(0), loop_store(5)
#runas try_store(0), try_store(4)
#runas zero_div(1)
#runas pure_calls(3), pure_calls(-2)
#runas dead_stores(7)
#runas unbound_flag(True)
#runas unbound_flag(False)


def arith(x):
    a = 7
    b = -2
    q = a // b
    r = a % b
    s = -a // 2
    t = -a % 3
    u = (a * 3 - 1) ^ 5 | 8 & 12
    v = a > b and b <= -2
    return q, r, s, t, u, v, x + q * r


def floats(x):
    a = 1.5
    b = a * 4.0 - 0.5
    c = b / 2.0
    d = -c
    e = float(7) / 2.0
    return a + b + c + d + e + x, c > a, e == 3.5


def branches(c):
    n = 3
    if n > 2:
        k = 10
    else:
        k = 20
    if n < 0:
        return -1
    m = 1
    if c:
        m = 2
    return k + m


def loop_store(n):
    s = 0
    k = 1
    for i in range(n):
        s = s + k
        k = 2
    return s, k


def try_store(n):
    t = 5
    try:
        t = 10 // n
        t = t + 1
    except ZeroDivisionError:
        return t
    return t


def zero_div(x):
    a = 1
    b = 0
    return x + a // b


def fibo(n):
    if n < 2:
        return n
    return fibo(n - 1) + fibo(n - 2)


def harmonic(n):
    s = 0.0
    i = 1
    while i <= n:
        s = s + 1.0 / i
        i = i + 1
    return s


def is_even(n):
    if n == 0:
        return True
    return not is_even(n - 1)


def pure_calls(x):
    return fibo(15) + x, harmonic(10), is_even(10), is_even(7), fibo(x)


def dead_stores(x):
    a = 1
    a = x * 2
    b = a + 1
    a = 4
    b = b * 2
    return b


def unbound_flag(c):
    if c:
        y = 3
    return y
