# golden: pass=dce
# Checks: a module constant bound to a call of a pure module function with
# constant arguments (`FIB15 = fibo(15)`) is evaluated at compile time
# (cranelift-jit): the IR reads the constant 610; constants built on it
# (`ODD`) work too; each gets a `<module>` remark.

#pythran export f(int)
def fibo(n):
    if n < 2:
        return n
    return fibo(n - 1) + fibo(n - 2)

def is_odd(n):
    return n % 2 == 1

FIB15 = fibo(15)
ODD = is_odd(FIB15 - 10)

def f(x):
    if ODD:
        return FIB15 + x
    return FIB15 - x
