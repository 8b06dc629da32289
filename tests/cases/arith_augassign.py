"""Augmented assignment on int and float locals: += -= *= /= //= %= **=."""
#pythran export iaug(int)
#pythran export faug(float)
#pythran export div_to_float(int)
#runas iaug(7)
#runas iaug(-3)
#runas faug(2.5)
#runas faug(-0.75)
#runas div_to_float(9)


def iaug(x):
    y = x
    y += 3
    y -= 10
    y *= -4
    y //= 3
    y %= 7
    y **= 3
    return y


def faug(x):
    y = x
    y += 1.5
    y -= 0.25
    y *= -3.0
    y /= 7.0
    y //= 0.5
    y %= 1.75
    y **= 2.0
    return y


def div_to_float(n):
    y = 1.0
    y /= n
    z = 3.0
    z *= n
    return y, z
