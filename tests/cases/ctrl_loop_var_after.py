"""The loop variable keeps its last value after the loop (and after break);
an empty range leaves it untouched; assigning it in the body does not change
the iteration."""
#pythran export last(int)
#pythran export after_break(int)
#pythran export reassign(int)
#pythran export while_var(int)
#runas last(5), last(0)
#runas after_break(10), after_break(2)
#runas reassign(4)
#runas while_var(7)


def last(n):
    i = -1
    for i in range(n):
        pass
    return i


def after_break(n):
    k = 100
    for k in range(n):
        if k * k > 10:
            break
    return k


def reassign(n):
    s = 0
    for i in range(n):
        s += i
        i = i * 10
        s += i
    return s


def while_var(n):
    j = 0
    while j * 3 < n:
        j += 1
    return j
