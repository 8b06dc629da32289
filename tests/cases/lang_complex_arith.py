"""Python complex scalars: literals, complex(), .real/.imag/.conjugate(),
+ - * / ** with CPython's algorithms (Smith's division, c_powi for small
integral exponents, polar form otherwise), mixing with int/float and bool,
==/!=, truth, abs, and the run-time errors (ZeroDivisionError, OverflowError,
TypeError for int(z)/float(z)). Results must be bit-identical."""
#kiln-maxulp: 0
#pythran export add(complex, complex)
#pythran export sub(complex, complex)
#pythran export mul(complex, complex)
#pythran export div(complex, complex)
#pythran export cpow(complex, complex)
#pythran export ipow(complex, int)
#pythran export fpow(complex, float)
#pythran export neg(complex)
#pythran export parts(complex)
#pythran export conj(complex)
#pythran export cabs(complex)
#pythran export eq(complex, complex)
#pythran export eq_float(complex, float)
#pythran export eq_int(complex, int)
#pythran export truth(complex)
#pythran export literals()
#pythran export ctor(float, float)
#pythran export ctor1(float)
#pythran export ctor_int(int)
#pythran export ctor_cc(complex, complex)
#pythran export ctor_fc(float, complex)
#pythran export ctor_cf(complex, float)
#pythran export mixed(complex, int, float, bool)
#pythran export rdiv(float, complex)
#pythran export to_int(complex)
#pythran export to_float(complex)
#pythran export real_attrs(int, float, bool)
#pythran export accumulate(complex, int)
#pythran export mandel(float, float, int)
#pythran export tuple_of(complex)
#pythran export poly(complex)
#pythran export widen(complex, int)
#pythran export in_loop_list(int)
#pythran export list_arg(complex list)
#runas add(1+2j, 3-4j)
#runas add(complex(-0.0, -0.0), complex(0.0, -0.0))
#runas add(complex(float('inf'), 1), complex(float('-inf'), 1))
#runas sub(1+2j, 3-4j)
#runas sub(complex(0.0, 0.0), complex(0.0, 0.0))
#runas mul(1+2j, 3-4j)
#runas mul(complex(float('inf'), 0), 2j)
#runas mul(1e300+1e300j, 1e300+1e300j)
#runas mul(complex(float('nan'), 1), 1j)
#runas div(1+2j, 3-4j)
#runas div(1+2j, 3e-300+4e-300j)
#runas div(1e308+1e308j, 1e-308+1e-308j)
#runas div(0.1+0.7j, 0.3+0.000001j)
#runas div(1+1j, 0j)
#runas div(1+1j, complex(-0.0, 0.0))
#runas div(1+1j, complex(float('nan'), 1))
#runas div(1+1j, complex(float('inf'), 1))
#runas div(complex(float('inf'), 1), 1+1j)
#runas div(-1.5-2.25j, 0.5j)
#runas cpow(1+2j, 3+0j)
#runas cpow(1+2j, 0.5+0.25j)
#runas cpow(0j, 0j)
#runas cpow(0j, -1+0j)
#runas cpow(0j, 1j)
#runas cpow(0j, 2+0j)
#runas cpow(2+3j, -3+0j)
#runas cpow(1e200+1e200j, 2+0j)
#runas cpow(1.5+0.5j, 101+0j)
#runas cpow(1.5+0.5j, 100+0j)
#runas cpow(1.5+0.5j, -100+0j)
#runas cpow(-8+0j, 1/3+0j)
#runas cpow(1+1j, complex(float('inf'), 0))
#runas cpow(1+1j, complex(1e308, 0.5))
#runas ipow(1+1j, 0)
#runas ipow(1+1j, 7)
#runas ipow(0.3-0.9j, -5)
#runas ipow(0j, -2)
#runas fpow(2+1j, 0.5)
#runas fpow(2+1j, -2.0)
#runas fpow(-1+0j, 0.5)
#runas neg(1+2j)
#runas neg(0j)
#runas neg(complex(-0.0, float('nan')))
#runas parts(3.5-2j)
#runas parts(complex(-0.0, -0.0))
#runas conj(1+2j)
#runas conj(complex(1, -0.0))
#runas cabs(3+4j)
#runas cabs(complex(float('inf'), float('nan')))
#runas cabs(complex(float('nan'), 1))
#runas cabs(1e308+1e308j)
#runas cabs(1e-320+1e-320j)
#runas eq(1+2j, 1+2j)
#runas eq(1+2j, 1-2j)
#runas eq(complex(float('nan'), 0), complex(float('nan'), 0))
#runas eq(complex(0.0, 0.0), complex(-0.0, -0.0))
#runas eq_float(2+0j, 2.0)
#runas eq_float(2+1j, 2.0)
#runas eq_int(3+0j, 3)
#runas eq_int(3+0.5j, 3)
#runas truth(0j)
#runas truth(complex(-0.0, 0.0))
#runas truth(1e-300j)
#runas truth(complex(float('nan'), 0))
#runas literals()
#runas ctor(1.5, -2.5)
#runas ctor(-0.0, float('nan'))
#runas ctor1(2.5)
#runas ctor_int(7)
#runas ctor_cc(1+2j, 3+4j)
#runas ctor_cc(complex(1, -0.0), complex(0.0, 0.0))
#runas ctor_fc(1.0, 3+4j)
#runas ctor_cf(1+2j, 5.0)
#runas mixed(1+2j, 3, 0.5, True)
#runas mixed(complex(float('inf'), 0), -2, float('nan'), False)
#runas rdiv(2.0, 1+1j)
#runas rdiv(2.0, 0j)
#runas to_int(1+0j)
#runas to_float(1+0j)
#runas real_attrs(5, -2.5, True)
#runas accumulate(0.5+0.25j, 20)
#runas mandel(-0.75, 0.1, 200)
#runas mandel(0.3, 0.6, 50)
#runas tuple_of(1-1j)
#runas poly(0.5-0.5j)
#runas widen(1.5-0.5j, 5)
#runas in_loop_list(4)
#runas list_arg([1j, 2+0j, -3.5+1e-3j])


def add(a, b):
    return a + b


def sub(a, b):
    return a - b


def mul(a, b):
    return a * b


def div(a, b):
    return a / b


def cpow(a, b):
    return a ** b


def ipow(a, n):
    return a ** n


def fpow(a, x):
    return a ** x


def neg(a):
    return -a, +a


def parts(a):
    return a.real, a.imag


def conj(a):
    return a.conjugate()


def cabs(a):
    return abs(a)


def eq(a, b):
    return a == b, a != b


def eq_float(a, x):
    return a == x, x == a, a != x


def eq_int(a, n):
    return a == n, n != a


def truth(a):
    t = 0
    if a:
        t = 1
    return t, not a, bool(a)


def literals():
    return 1j, 2 + 3j, -1j, 1.5e3j, -(0j), 0j * -1, complex(), 1j * 1j


def ctor(x, y):
    return complex(x, y)


def ctor1(x):
    return complex(x)


def ctor_int(n):
    return complex(n), complex(n, n)


def ctor_cc(a, b):
    return complex(a, b)


def ctor_fc(x, b):
    return complex(x, b)


def ctor_cf(a, x):
    return complex(a, x)


def mixed(z, n, x, b):
    return z + n, n + z, z * x, x * z, z - b, b - z, z / n, n * z * x, z ** 2, 2 ** z


def rdiv(x, z):
    return x / z


def to_int(z):
    return int(z)


def to_float(z):
    return float(z)


def real_attrs(n, x, b):
    return n.real, n.imag, x.real, x.imag, b.real, b.imag, n.conjugate(), x.conjugate()


def accumulate(z, n):
    acc = 0j
    p = 1 + 0j
    for i in range(n):
        p = p * z
        acc += p / (i + 1)
    return acc


def mandel(x, y, limit):
    c = complex(x, y)
    z = 0j
    for i in range(limit):
        z = z * z + c
        if abs(z) > 2.0:
            return i, z
    return limit, z


def tuple_of(z):
    t = (z, z * 2, 1.5)
    return t


def poly(z):
    return 3 * z ** 3 - 2j * z ** 2 + z / 4 - 1


def widen(z, n):
    acc = 0
    for i in range(n):
        acc += z * i
    acc *= 2
    acc **= 2
    acc -= 1
    acc /= 3
    return acc


def in_loop_list(n):
    zs = [complex(i, -i) for i in range(n)]
    total = 0j
    for z in zs:
        total = total + z.conjugate() * 1j
    return total, zs


def list_arg(zs):
    zs.append(zs[0] * zs[1])
    return zs, (zs[-1], len(zs))
