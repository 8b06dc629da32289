# Checks: a recursive generator whose inner levels would have to run ahead of
# their consumer is refused when that could be seen (it prints), pointing at
# the recursive call and the print.
#pythran export f(int)


def walk(n):
    print(n)
    if n > 0:
        yield from walk(n - 1)
    yield n


def f(n):
    return list(walk(n))
