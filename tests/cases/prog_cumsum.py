"""In-place prefix sums and differences on float64 and int64 arrays."""
#pythran export cumsum_(float64[:])
#pythran export diff_(int64[:])
#runas import numpy as np; np.random.seed(7); a = np.random.rand(30); cumsum_(a); a
#runas import numpy as np; a = np.array([1, 4, 9, 16, 25, 36]); diff_(a)


def cumsum_(a):
    for i in range(1, a.shape[0]):
        a[i] += a[i - 1]


def diff_(a):
    n = a.shape[0]
    for i in range(n - 1, 0, -1):
        a[i] = a[i] - a[i - 1]
    return a[n - 1]
