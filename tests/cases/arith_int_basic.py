"""Integer + - * with precedence, parentheses and unary minus/plus."""
#pythran export add_sub_mul(int, int, int)
#pythran export poly(int)
#pythran export neg_pos(int)
#runas add_sub_mul(3, 4, 5)
#runas add_sub_mul(-7, 2, -9)
#runas poly(-3)
#runas neg_pos(5)
#runas neg_pos(-12)


def add_sub_mul(a, b, c):
    return a + b * c - (a - b) * c + -a


def poly(x):
    return 3 * x * x - 2 * x + 7 - (x - 1) * (x + 1)


def neg_pos(x):
    return -x, +x, -(-x), -x * 3 + x, 1 - -x
