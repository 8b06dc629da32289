"""str()/repr()/print of Python complex numbers, as CPython formats them
(`(1+2j)`, `1j`, `(-0-1j)`, `(nan+infj)`), and complex numbers in lists,
tuples and sets."""
#kiln-maxulp: 0
#pythran export show(complex)
#pythran export show_print(complex)
#pythran export in_list(complex, int)
#pythran export in_set(complex)
#pythran export fmt_values()
#runas show(1+2j)
#runas show(1j)
#runas show(complex(-0.0, -1.0))
#runas show(complex(float('nan'), float('inf')))
#runas show(complex(1e16, -1e-7))
#runas show(complex(0.0, -0.0))
#runas show(complex(2.5, 0.0))
#runas show_print(3-4j)
#runas in_list(1+1j, 4)
#runas in_set(2j)
#runas fmt_values()


def show(z):
    return str(z), repr(z)


def show_print(z):
    print(z, 1j, z * 2)
    print((z, 1.5))
    return 0


def in_list(z, n):
    xs = [z]
    for i in range(n):
        xs.append(xs[-1] * z)
    return xs, sum(xs), len(xs), xs[2], z in xs, str(xs)


def in_set(z):
    s = {z, z * 1, 1j}
    return len(s), z in s


def fmt_values():
    return str(1j * 1j), str(-1j), repr(complex(-0.0, 0.0)), str([1j, 2 + 0j])
