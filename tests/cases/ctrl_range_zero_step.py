"""range() with a zero step raises ValueError."""
#pythran export walk(int, int, int)
#runas walk(0, 10, 0)
#runas walk(0, 10, 2)


def walk(a, b, step):
    s = 0
    for i in range(a, b, step):
        s += i
    return s
