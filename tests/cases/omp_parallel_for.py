"""`#omp parallel for` loops (Pythran's syntax): reductions, private
temporaries, writes to disjoint array elements, steps, and exceptions raised
inside the parallel body. Float reductions use exactly representable values,
so the result does not depend on how the range is split."""
#pythran export count_inside(int)
#pythran export pairwise(float64[:,:], float64[:,:])
#pythran export matmul(float64[:,:], float64[:,:])
#pythran export stepped(int, int, int)
#pythran export half_sum(int)
#pythran export two_sums(int64[:])
#pythran export bad_index(int64[:], int)
#pythran export last_value(int)
#pythran export with_kernel(float64[:,:])
#runas count_inside(0), count_inside(1), count_inside(1000), count_inside(200001)
#runas import numpy as np; np.random.seed(1); X = np.random.rand(300, 3); Y = np.random.rand(70, 3); pairwise(X, Y)
#runas import numpy as np; np.random.seed(2); A = np.random.rand(64, 40); B = np.random.rand(40, 50); matmul(A, B)
#runas stepped(0, 100000, 3), stepped(100000, -5, -7), stepped(5, 5, 1), stepped(10, 0, 1)
#runas half_sum(0), half_sum(300000)
#runas import numpy as np; two_sums(np.arange(-5000, 100000, dtype=np.int64))
#runas import numpy as np; bad_index(np.arange(100000, dtype=np.int64), 99999)
#runas import numpy as np; bad_index(np.arange(100000, dtype=np.int64), 100000)
#runas last_value(1000)
#runas import numpy as np; np.random.seed(3); with_kernel(np.random.rand(40, 600))
import math
import numpy as np


def count_inside(n):
    hits = 0
    #omp parallel for reduction(+:hits)
    for i in range(n):
        s = (1103515245 * (i + 12345) + 12345) % 2147483648
        x = s / 2147483648.0
        s = (1103515245 * s + 12345) % 2147483648
        y = s / 2147483648.0
        if x * x + y * y <= 1.0:
            hits += 1
    return 4.0 * hits / max(n, 1)


def pairwise(X, Y):
    n = X.shape[0]
    m = Y.shape[0]
    D = np.empty((n, m))
    #omp parallel for
    for i in range(n):
        for j in range(m):
            s = 0.0
            for k in range(X.shape[1]):
                t = X[i, k] - Y[j, k]
                s += t * t
            D[i, j] = math.sqrt(s)
    return D


def matmul(A, B):
    C = np.zeros((A.shape[0], B.shape[1]))
    #omp parallel for private(s)
    for i in range(A.shape[0]):
        for j in range(B.shape[1]):
            s = 0.0
            for k in range(A.shape[1]):
                s += A[i, k] * B[k, j]
            C[i, j] = s
    return C


def stepped(a, b, c):
    total = 0
    count = 0
    #omp parallel for reduction(+:total, count)
    for i in range(a, b, c):
        total += i * i % 1000
        count += 1
    return total, count


def half_sum(n):
    acc = 0.25
    #omp parallel for reduction(+:acc)
    for i in range(n):
        acc += (i % 7) * 0.5
    return acc


def two_sums(a):
    pos = 0
    neg = 0
    #omp parallel for reduction(+:pos) reduction(+:neg)
    for i in range(len(a)):
        if a[i] > 0:
            pos += a[i]
        else:
            neg += a[i]
    return pos, neg


def bad_index(a, k):
    out = np.zeros(len(a), dtype=np.int64)
    #omp parallel for
    for i in range(len(a)):
        out[i] = a[(i + k) % (len(a) + 1)]
    return out.sum()


def last_value(n):
    # `t` is read after the loop: the loop runs serially, as in CPython.
    t = 0
    #omp parallel for
    for i in range(n):
        t = i * 2
    return t


def with_kernel(a):
    out = np.empty_like(a)
    #omp parallel for
    for i in range(a.shape[0]):
        out[i] = np.sqrt(a[i] * 2.0) + 1.0
    return out
