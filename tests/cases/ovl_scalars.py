"""f(int) and f(float) overloads, plus bool declared before int: dispatch goes
in declaration order, so True picks the bool overload and 1 the int one."""
#pythran export half(int)
#pythran export half(float)
#pythran export ident(bool)
#pythran export ident(int)
#pythran export ident(float)
#runas half(7), half(7.0), half(-3)
#runas ident(True), ident(1), ident(1.0), ident(False)


def half(x):
    return x / 2, x // 2, x * x


def ident(x):
    return x
