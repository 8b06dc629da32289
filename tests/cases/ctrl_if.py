"""if / elif / else chains and nested ifs."""
#pythran export grade(int)
#pythran export quadrant(float, float)
#pythran export nested(int, int)
#runas grade(95), grade(85), grade(75), grade(10)
#runas quadrant(1.0, 1.0), quadrant(-1.0, 1.0), quadrant(-1.0, -1.0), quadrant(1.0, -1.0), quadrant(0.0, 2.0)
#runas nested(3, 4), nested(-3, 4), nested(3, -4), nested(0, 0)


def grade(score):
    if score >= 90:
        g = 4
    elif score >= 80:
        g = 3
    elif score >= 70:
        g = 2
    else:
        g = 0
    return g


def quadrant(x, y):
    q = 0
    if x > 0.0:
        if y > 0.0:
            q = 1
        else:
            q = 4
    elif x < 0.0:
        if y > 0.0:
            q = 2
        else:
            q = 3
    return q


def nested(a, b):
    r = 0
    if a:
        r += 1
        if b > 0:
            r += 10
            if a > b:
                r += 100
        elif b < 0:
            r -= 10
    else:
        if not b:
            r = -1
    return r
