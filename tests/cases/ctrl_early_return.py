"""return from inside loops, nested loops and if chains."""
#pythran export find(int64[:], int)
#pythran export find_pair(int, int)
#pythran export early(int)
#runas import numpy as np; a = np.array([4, 8, 15, 16, 23, 42]); find(a, 15), find(a, 5)
#runas find_pair(6, 5), find_pair(100, 3)
#runas early(-1), early(3), early(30)


def find(a, x):
    for i in range(a.shape[0]):
        if a[i] == x:
            return i
    return -1


def find_pair(target, n):
    for i in range(n):
        for j in range(n):
            if i * j == target:
                return i * 100 + j
    return -1


def early(x):
    if x < 0:
        return 0
    i = 0
    while True:
        if i * i >= x:
            return i
        i += 1
