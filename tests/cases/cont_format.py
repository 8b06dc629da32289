"""f-strings, str.format with a literal format string, format specs."""
#pythran export fmt(int, float, str)
#pythran export table(str:float dict)
#runas fmt(42, 3.14159, "ab"), fmt(-7, 1e20, ""), fmt(0, -0.0, "x")
#runas table({"pi": 3.14159, "e": 2.71828})


def fmt(i, x, s):
    a = f"{i} {x} {s}"
    b = f"[{i:5d}|{x:.2f}|{s:>4}|{x!r}|{s!r}]"
    c = "{} and {}".format(i, s)
    d = "{1}-{0}-{0:+d}".format(i, x)
    e = "{{literal}} {:e}".format(x)
    f = f"{i:,} {x:10.3e} {True} {i * 2}"
    return a, b, c, d, e, f


def table(d):
    lines = [f"{k:<4}= {v:8.3f}" for k, v in d.items()]
    return "\n".join(lines)
