# Checks: an exported generator function (`yield`) is reported at its `def`
# (kiln has no generator objects; it inlines generators where they are iterated).
#pythran export f(int)


def f(n):
    for i in range(n):
        yield i * i
