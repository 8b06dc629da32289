"""Slice assignment of elementwise expressions and the alias analysis:
overlapping source and destination keep a temporary (`a[1:] = a[:-1] + 1`
sees the old elements, as in NumPy), disjoint ones are written in place
(`b[1:] = np.sqrt(a[:-1])` with `b` freshly allocated), and two arguments
that are the same array are treated as overlapping."""
import numpy as np

#pythran export shift_add(float64[:])
#pythran export shift_mul(float64[:])
#pythran export reverse_add(float64[:])
#pythran export interleave(float64[:])
#pythran export fresh_dest(float64[:])
#pythran export fresh_dest_2d(float64[:,:])
#pythran export two_args(float64[:], float64[:])
#pythran export in_loop(float64[:], int)
#pythran export fresh_mismatch(float64[:])
#pythran export int_dest(int64[:])
#pythran export broadcast_row(float64[:,:])
#runas import numpy as np; shift_add(np.arange(6.0))
#runas import numpy as np; shift_mul(np.arange(6.0))
#runas import numpy as np; reverse_add(np.arange(5.0))
#runas import numpy as np; interleave(np.arange(8.0)), interleave(np.arange(7.0))
#runas import numpy as np; fresh_dest(np.arange(6.0)), fresh_dest(np.arange(1.0))
#runas import numpy as np; fresh_dest_2d(np.arange(12.0).reshape(3, 4)), fresh_dest_2d(np.asfortranarray(np.arange(12.0).reshape(3, 4)))
#runas import numpy as np; a = np.arange(5.0); two_args(a, a), a
#runas import numpy as np; a = np.arange(5.0); b = np.ones(5); two_args(a, b), a, b
#runas import numpy as np; in_loop(np.arange(6.0), 3)
#runas import numpy as np; fresh_mismatch(np.arange(6.0))
#runas import numpy as np; int_dest(np.arange(6))
#runas import numpy as np; broadcast_row(np.arange(6.0).reshape(2, 3))


def shift_add(a):
    a[1:] = a[:-1] + 1
    return a


def shift_mul(a):
    a[:-1] = a[1:] * 2
    return a


def reverse_add(a):
    a[::-1] = a + 1
    return a


def interleave(a):
    b = a[::2]
    a[1::2] = b[:a[1::2].shape[0]]
    return a


def fresh_dest(a):
    b = np.zeros(a.shape[0])
    b[1:] = np.sqrt(a[:-1] * 2.0) + 1.0
    return b


def fresh_dest_2d(a):
    b = np.ones((a.shape[0], a.shape[1]))
    b[1:, ::2] = -a[:-1, ::2]
    return b


def two_args(a, c):
    c[:] = a * 3.0
    return c


def in_loop(a, n):
    for _ in range(n):
        a[1:] = a[:-1] * 0.5 + 1.0
    return a


def fresh_mismatch(a):
    b = np.zeros(a.shape[0])
    b[2:] = a[:-1] + 1.0
    return b


def int_dest(a):
    b = np.zeros(a.shape[0], dtype=np.int64)
    b[:] = a * 2
    b[1:] = b[:-1] + a[1:]
    return b


def broadcast_row(a):
    b = np.zeros((a.shape[0], a.shape[1]))
    b[:, :] = a[0] * 2.0
    return b
