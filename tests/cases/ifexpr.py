"""Conditional expressions `a if c else b`, nested, evaluated lazily."""
#pythran export sign(int)
#pythran export fsign(float)
#pythran export safe_inv(int)
#pythran export clamp(float, float, float)
#runas sign(-4), sign(0), sign(9)
#runas fsign(-0.0), fsign(2.5)
#runas safe_inv(0)
#runas safe_inv(4)
#runas clamp(5.0, 0.0, 1.0), clamp(-1.0, 0.0, 1.0), clamp(0.5, 0.0, 1.0)


def sign(x):
    return 1 if x > 0 else (-1 if x < 0 else 0)


def fsign(x):
    return 1.0 if x > 0.0 else -1.0 if x < 0.0 else x


def safe_inv(x):
    return 1.0 / x if x != 0 else 0.0


def clamp(x, lo, hi):
    return lo if x < lo else hi if x > hi else x
