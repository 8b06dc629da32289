"""range(a, b, step) with positive and negative steps, steps that overshoot,
and empty ranges."""
#pythran export walk(int, int, int)
#runas walk(0, 10, 3)
#runas walk(10, 0, -3)
#runas walk(0, -5, -1)
#runas walk(5, 0, 2)
#runas walk(0, 5, -1)
#runas walk(-10, 10, 7), walk(3, 4, 100), walk(-3, -4, -100)


def walk(a, b, step):
    s = 0
    n = 0
    last = -999
    for i in range(a, b, step):
        s = s * 10 + i
        n += 1
        last = i
    return s, n, last
