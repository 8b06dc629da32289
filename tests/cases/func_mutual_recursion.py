"""Mutual recursion: even/odd and Hofstadter's female/male sequences."""
#pythran export is_even(int)
#pythran export is_odd(int)
#pythran export hofstadter(int)
#runas is_even(10), is_even(7), is_odd(7), is_odd(0)
#runas hofstadter(15)


def is_even(n):
    if n == 0:
        return True
    return is_odd(n - 1)


def is_odd(n):
    if n == 0:
        return False
    return is_even(n - 1)


def female(n):
    if n == 0:
        return 1
    return n - male(female(n - 1))


def male(n):
    if n == 0:
        return 0
    return n - female(male(n - 1))


def hofstadter(n):
    s = 0
    for i in range(n):
        s = s * 3 + female(i) - male(i)
    return s
