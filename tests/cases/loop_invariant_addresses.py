"""Nested loops whose inner body uses loop-invariant address parts (the row
`A[i, :]` while `k` runs), now hoisted by Cranelift's LICM because loop tests
branch to the exit first (`FunctionCx::loop_branch`). Covers every way out of
such loops: exhaustion, `else`, `break`, `continue`, an `IndexError` at a
given iteration of the inner loop, empty and one-trip ranges, negative and
late-starting ranges, `while` loops, Fortran-order and strided arguments, and
the same nest under `#omp parallel for`, a parallel loop whose integer
constants are rebuilt inside the outlined body (`par_consts`); also `math.gcd` and
`math.factorial`, whose loops the back end writes itself, and `math.sqrt`'s
one-compare domain check (`x < 0` raises; -0.0, NaN and infinity do not)."""
#pythran export mm(float64[:,:], float64[:,:])
#pythran export mm(float64[:,:], float64[::,::])
#pythran export mm_par(float64[:,:], float64[:,:])
#pythran export rows_back(float64[:,:], int, int, int)
#pythran export first_over(float64[:,:], float)
#pythran export skip_neg(float64[:,:])
#pythran export skip_neg(float64[::,::])
#pythran export for_else(int64[:,:], int)
#pythran export while_rows(float64[:,:])
#pythran export dist(float64[:,:], float64[:,:])
#pythran export dist(float64[::,::], float64[::,::])
#pythran export gcd_fact(int, int, int)
#pythran export par_consts(int)
#pythran export sqrt_all(float64[:])
#pythran export sqrt_all32(float32[:])
#runas import numpy as np; np.random.seed(0); A = np.random.rand(7, 5); B = np.random.rand(5, 3); mm(A, B)
#runas import numpy as np; np.random.seed(1); A = np.random.rand(9, 4); B = np.random.rand(4, 9); mm(A, B), mm_par(A, B)
#runas import numpy as np; A = np.ones((0, 3)); B = np.ones((3, 2)); mm(A, B), mm_par(A, B)
#runas import numpy as np; A = np.ones((2, 0)); B = np.ones((0, 2)); mm(A, B), mm_par(A, B)
#runas import numpy as np; A = np.arange(3.0).reshape(1, 3); B = np.arange(3.0).reshape(3, 1); mm(A, B), mm_par(A, B)
#runas import numpy as np; np.random.seed(2); A = np.asfortranarray(np.random.rand(6, 6)); B = np.random.rand(6, 6)[:, ::2]; mm(A, B)
#runas import numpy as np; A = np.ones((3, 5)); B = np.ones((4, 2)); mm(A, B)
#runas import numpy as np; A = np.ones((3, 5)); B = np.ones((4, 2)); mm_par(A, B)
#runas import numpy as np; A = np.arange(20.0).reshape(4, 5); rows_back(A, 3, -1, -1), rows_back(A, 0, -5, -1), rows_back(A, -1, -5, -2), rows_back(A, 2, 4, 1), rows_back(A, 3, 3, 1), rows_back(A, 1, 4, 2)
#runas import numpy as np; A = np.arange(20.0).reshape(4, 5); rows_back(A, 2, 9, 3)
#runas import numpy as np; A = np.arange(20.0).reshape(4, 5); rows_back(A, 1, 0, 0)
#runas import numpy as np; A = np.arange(20.0).reshape(4, 5); first_over(A, 7.5), first_over(A, 100.0), first_over(A, -1.0)
#runas import numpy as np; A = np.arange(-6.0, 6.0).reshape(3, 4); skip_neg(A), skip_neg(A[:, ::-1]), skip_neg(A[1:, 1:])
#runas import numpy as np; A = np.arange(12).reshape(3, 4); for_else(A, 5), for_else(A, 99), for_else(A[:0], 1)
#runas import numpy as np; A = np.arange(12.0).reshape(4, 3); while_rows(A), while_rows(A[:1]), while_rows(A[:0])
#runas import numpy as np; np.random.seed(3); X = np.random.rand(5, 3); Y = np.random.rand(4, 3); dist(X, Y), dist(X[:, :2], Y[:, :2]), dist(X[:0], Y)
#runas import numpy as np; X = np.ones((2, 3)); Y = np.ones((2, 2)); dist(X, Y)
#runas gcd_fact(12, 18, 5), gcd_fact(0, 7, 0), gcd_fact(-48, 36, 1), gcd_fact(0, 0, 20)
#runas gcd_fact(3, 4, -1)
#runas import numpy as np; sqrt_all(np.array([4.0, 0.0, -0.0, np.inf, np.nan, 2.0, 1e-310, 1.7e308]))
#runas import numpy as np; sqrt_all(np.array([4.0, 9.0, -1e-300, 16.0]))
#runas import numpy as np; sqrt_all(np.array([1.0, -np.inf]))
#runas import numpy as np; sqrt_all32(np.array([4.0, -0.0, np.inf, np.nan], dtype=np.float32))
#runas import numpy as np; sqrt_all32(np.array([4.0, -2.0], dtype=np.float32))
#runas par_consts(0), par_consts(1), par_consts(2), par_consts(1001), par_consts(-5)
import math
import numpy as np


def mm(A, B):
    n = A.shape[0]
    p = A.shape[1]
    m = B.shape[1]
    C = np.zeros((n, m))
    for i in range(n):
        for j in range(m):
            s = 0.0
            for k in range(p):
                s += A[i, k] * B[k, j]
            C[i, j] = s
    return C


def mm_par(A, B):
    n = A.shape[0]
    p = A.shape[1]
    m = B.shape[1]
    C = np.zeros((n, m))
    #omp parallel for
    for i in range(n):
        for j in range(m):
            s = 0.0
            for k in range(p):
                s += A[i, k] * B[k, j]
            C[i, j] = s
    return C


def rows_back(A, start, stop, step):
    # Rows start, start+step, ... (negative rows wrap; row 5 raises
    # IndexError after rows 2 were summed) with a loop-invariant column walk.
    t = 0.0
    r = -7
    for i in range(start, stop, step):
        for k in range(1, A.shape[1]):
            t = t * 0.5 + float(A[i, k])
        r = i
    return t, r


def first_over(A, lim):
    hit = (-1, -1)
    for i in range(A.shape[0]):
        found = False
        for k in range(A.shape[1]):
            if A[i, k] > lim:
                hit = (i, k)
                found = True
                break
        if found:
            break
    return hit


def skip_neg(A):
    s = 0.0
    c = 0
    for i in range(A.shape[0]):
        for k in range(A.shape[1]):
            if A[i, k] < 0.0:
                continue
            s += float(A[i, k]) * (k + 1)
            c += 1
    return s, c


def for_else(A, v):
    where = -1
    for i in range(A.shape[0]):
        for k in range(A.shape[1]):
            if A[i, k] == v:
                where = i * 100 + k
                break
        else:
            continue
        break
    else:
        where = -2
    return where


def while_rows(A):
    i = 0
    s = 0.0
    while i < A.shape[0]:
        k = 0
        while k < A.shape[1]:
            s = s * 0.25 + float(A[i, k])
            k += 1
        i += 1
    else:
        s += 1000.0
    return s, i


def dist(X, Y):
    n = X.shape[0]
    m = Y.shape[0]
    d = X.shape[1]
    D = np.empty((n, m))
    for i in range(n):
        for j in range(m):
            s = 0.0
            for k in range(d):
                t = X[i, k] - Y[j, k]
                s += t * t
            D[i, j] = math.sqrt(s)
    return D


def gcd_fact(a, b, n):
    return math.gcd(a, b), math.factorial(n)


def par_consts(n):
    hits = 0
    big = 0
    #omp parallel for reduction(+:hits, big)
    for i in range(n, -n - 1, -3):
        s = (1103515245 * (i + 12345) + 12345) % 2147483648
        if s % 7 == 3:
            hits += 1
        big += (s * -3 + 1099511627776) // 4096
    return hits, big


def sqrt_all(a):
    out = np.empty(a.shape[0])
    for i in range(a.shape[0]):
        out[i] = math.sqrt(a[i])
    return out


def sqrt_all32(a):
    t = 0.0
    for i in range(a.shape[0]):
        r = math.sqrt(a[i])
        if r == r:
            t += r
    return t
