"""Complex arrays (complex64/complex128): export specs, element access,
creation, astype both ways, arithmetic with NumPy's promotion (NEP 50 for
Python scalars), comparisons (`<` is NumPy's lexicographic order), and the
complex ufuncs with NumPy's loops."""
import cmath

import numpy as np

#pythran export cplx(float64[:])
#runas import numpy as np; cplx(np.array([1.0, -4.0]))
#runas import numpy as np; cplx(np.array([0.0, -0.0, np.inf, -np.inf, np.nan]))


def cplx(a):
    z = a.astype(np.complex128)
    return np.sqrt(z), z * 1j, np.abs(z)


#pythran export mixed(complex128[::], complex64[:,:], float64[:], float32[:])
#runas import numpy as np; mixed(np.array([1+2j, -3j, np.nan+1j, 0j]), np.array([[1+2j, -3j], [2, 1j]], dtype=np.complex64), np.array([1.0, 2.0, 0.0, -1.0]), np.array([1.5, -2.0, 0.0, 3.0], dtype=np.float32))
#runas import numpy as np; a = np.arange(12.0).view(np.complex128); mixed(a[::-2], np.asfortranarray(np.ones((2, 3), np.complex64) * (1 - 2j)), np.linspace(-1, 1, 3), np.array([0.5, 1.5, np.inf], dtype=np.float32))


def mixed(a, b, x, y):
    return (a * 2 + x, b + b, a[0], b[1, 1], a / x, a ** 2, a - 1j, 1j / a, y * 1j, y + np.complex64(2), a * y,
            b * 2.5, b * np.float64(2), -a, +b, a == a, a != x, a < 1, a >= a[0], b.T * 1)


#pythran export create(int)
#runas create(3)
#runas create(0)


def create(n):
    a = np.zeros(n, dtype=complex)
    b = np.ones((n, 2), np.complex64)
    c = np.empty(n, dtype=np.complex128)
    c[:] = 1 + 1j
    d = np.full(n, 2j)
    e = np.full((2, n), 1.5, dtype=np.complex64)
    f = np.array([1j, 2, 3.5])
    g = np.array([[1, 2], [3, 4j]], dtype=np.complex64)
    for i in range(n):
        a[i] = complex(i, -i)
    return a, b, c, d, e, f, g, np.zeros_like(a), np.ones_like(b)


#pythran export casts(complex128[:], complex64[:])
#runas import numpy as np; casts(np.array([1.5+2j, -3.5-1j, np.inf-1j, np.nan*1j]), np.array([2+1j, -1e30j, 0j], dtype=np.complex64))


def casts(a, b):
    return (a.astype(np.complex64), b.astype(np.complex128), a.astype(np.float64), b.astype(np.float32),
            a.astype(np.int64)[:2], a.astype(bool), np.complex128(b[0]), np.complex64(a[0]), a.real, a.imag, b.real, np.real(b),
            np.imag(a), a.conj(), np.conjugate(b), np.angle(a), np.angle(b), a[1].real, b[0].imag)


#pythran export scalars(complex128, complex64, float64)
#runas import numpy as np; scalars(1+2j, np.complex64(3-4j), 2.5)


def scalars(z, w, x):
    u = np.complex128(z)
    return u * 2, u + w, w * 2.0, w * x, w * np.float64(x), -w, w / w, u ** 2, w == w, abs(w), abs(u), np.float32(x) * 1j, np.sqrt(u), np.exp(w)


#pythran export ctor(int32, float32)
#runas import numpy as np; ctor(np.int32(-7), np.float32(2.5))


def ctor(x, y):
    # Was a code generation crash found by fuzz_nopanic (tests/errors/complex_scalar_ctor.py).
    return np.complex128(x), np.complex64(y), np.complex64(x) + y


#pythran export loops(complex128[:], complex64[:,:])
#runas import numpy as np; loops(np.array([1+2j, -3j, 0.5+0.5j]), np.array([[1+2j, -3j], [2, 1j]], dtype=np.complex64))


def loops(a, b):
    acc = 0j
    for z in a:
        acc += z
    s = 0
    for i in range(a.shape[0]):
        s += 1 if a[i] == a[i] else 0
    c = a.copy()
    c += 1j
    c *= 2
    d = b.ravel()
    return (acc, s, c, complex(a[0]), complex(b[1, 1]), cmath.sqrt(b[0, 0]), a[0] + acc, np.mean(b, axis=0), np.cumprod(a),
            np.argmax(b), b.max(), np.where(a == a, a, 0), a.sum() / 2, -a[0], np.isnan(a[0]), b.reshape(-1)[::2],
            np.concatenate((a, a)), d.dtype, np.var(a), np.std(b))
