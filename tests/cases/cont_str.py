"""Strings: methods, indexing and slicing, str()/repr() of numbers, print."""
#pythran export methods(str)
#pythran export index(str, int)
#pythran export slices(str)
#pythran export numbers(int, float)
#pythran export chars(str)
#pythran export show(str, int)
#runas methods("  Hello, World  "), methods("")
#runas index("héllo", 1), index("abc", -1)
#runas index("abc", 3)
#runas slices("abcdef"), slices("")
#runas numbers(42, 0.1), numbers(-7, 1e16), numbers(0, 1.5e-7)
#runas chars("a b,c")
#runas show("x", 3)


def methods(s):
    t = s.strip()
    parts = t.split(",")
    return (
        t.upper(), t.lower(), parts, s.split(), "-".join(parts), t.replace("l", "L"), t.replace("l", "", 1),
        t.startswith("He"), t.endswith("d"), t.find("o"), t.find("zz"), t.count("l"), s.lstrip(), s.rstrip(),
        len(s), "ell" in s, s == t, s < t, t + "!" * 3,
    )


def index(s, i):
    return s[i]


def slices(s):
    return s[1:3], s[::-1], s[:2], s[4:], s[::2]


def numbers(i, x):
    return str(i), str(x), repr(x), repr(i), str(True)


def chars(s):
    out = []
    for c in s:
        if c != " ":
            out.append(c)
    return out, "".join(reversed(out))


def show(s, n):
    print(s, n, 2.5)
    print(s * n, end="!\n")
    print()
    return n
