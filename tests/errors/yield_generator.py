# Checks: a generator function (`yield`) is reported as unsupported at the
# `yield`.
#pythran export f(int)


def f(n):
    for i in range(n):
        yield i * i
