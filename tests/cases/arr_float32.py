"""float32 arithmetic stays in float32 (rounding at each step) when operands
are float32 elements and Python floats; results written to float32 arrays."""
#pythran export acc32(float32[:])
#pythran export scale32(float32[:], float)
#pythran export to64(float32[:])
#runas import numpy as np; np.random.seed(3); a = np.random.rand(50).astype(np.float32); acc32(a)
#runas import numpy as np; a = np.array([0.1, 1e-8, 3e38], dtype=np.float32); scale32(a, 3.0); a
#runas import numpy as np; a = np.array([0.1, 0.2], dtype=np.float32); to64(a)


def acc32(a):
    s = a[0]
    for i in range(1, a.shape[0]):
        s = s + a[i] * 0.5
    return s


def scale32(a, k):
    for i in range(a.shape[0]):
        a[i] = a[i] * k


def to64(a):
    return float(a[0]) + float(a[1]), a[0] + a[1]
