"""break and continue in for loops, including in the inner loop of a nest."""
#pythran export first_multiple(int, int)
#pythran export odd_sum(int)
#pythran export inner_break(int)
#runas first_multiple(7, 100), first_multiple(7, 5)
#runas odd_sum(11)
#runas inner_break(6)


def first_multiple(k, n):
    found = -1
    for i in range(1, n):
        if i % k == 0:
            found = i
            break
    return found


def odd_sum(n):
    s = 0
    for i in range(n):
        if i % 2 == 0:
            continue
        s += i
    return s


def inner_break(n):
    total = 0
    for i in range(n):
        for j in range(n):
            if j > i:
                break
            if (i + j) % 3 == 0:
                continue
            total += i * 10 + j
    return total
