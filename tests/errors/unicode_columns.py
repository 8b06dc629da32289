# Checks: columns are counted in characters, not bytes: the error after the
# non-ASCII string literal (é, 中) must point exactly at `undefined_y` (col 26).
#pythran export f(float)


def f(x):
    s = "é中"; return x + undefined_y
