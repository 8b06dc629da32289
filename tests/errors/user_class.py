# Checks: a user-defined class is outside the subset and is reported at the
# `class` statement, naming the construct.
#pythran export area(float)


class Circle:
    def __init__(self, r):
        self.r = r


def area(r):
    return 3.14159 * r * r
