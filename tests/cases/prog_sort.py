"""In-place insertion sort and bubble sort (swaps through a temporary)."""
#pythran export insertion(float64[:])
#pythran export bubble(int64[:])
#runas import numpy as np; np.random.seed(8); a = np.random.rand(25); insertion(a); a
#runas import numpy as np; a = np.array([5, -1, 3, 3, 0, 9, -7]); bubble(a)


def insertion(a):
    for i in range(1, a.shape[0]):
        key = a[i]
        j = i - 1
        while j >= 0 and a[j] > key:
            a[j + 1] = a[j]
            j -= 1
        a[j + 1] = key


def bubble(a):
    n = a.shape[0]
    swaps = 0
    for i in range(n):
        for j in range(n - 1 - i):
            if a[j] > a[j + 1]:
                t = a[j]
                a[j] = a[j + 1]
                a[j + 1] = t
                swaps += 1
    return swaps, a
