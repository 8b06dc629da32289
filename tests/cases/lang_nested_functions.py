"""Nested functions with statements, lifted to module level (front/module.rs
`lift_nested_functions`): captured variables read when the call runs (late
binding), captured lists mutated in place, recursion and mutual recursion,
defaults and keywords, calls from comprehensions and as `key=`."""
#pythran export late(int)
#pythran export collect(int list, int)
#pythran export recursive(int)
#pythran export with_defaults(float)
#pythran export as_key(str list)
#pythran export raising(int list, int)
#runas late(4), late(0)
#runas collect([3, 1, 5, 7], 2), collect([], 0)
#runas recursive(6), recursive(1)
#runas with_defaults(2.5)
#runas as_key(["ccc", "a", "bb"])
#runas raising([1, 2, 3], 1)
#runas raising([1, 2, 3], 7)


def late(n):
    scale = 3

    def helper(k):
        s = 0
        for i in range(k):
            s += i * scale
        return s

    out = [helper(i) for i in range(n)]
    scale = 10
    out.append(helper(n))
    return out


def collect(xs, t):
    seen = [-1]

    def keep(v):
        if v > t:
            seen.append(v)
            return True
        return False

    r = [v for v in xs if keep(v)]
    return r, seen


def recursive(n):
    def fact(k):
        if k <= 1:
            return 1
        return k * fact(k - 1)

    def even(k):
        return True if k == 0 else odd(k - 1)

    def odd(k):
        return False if k == 0 else even(k - 1)

    return [fact(i) for i in range(n)], even(n), odd(n)


def with_defaults(x):
    def poly(t, a=1.0, b=0.0):
        """Docstrings are fine."""
        r = a * t * t
        return r + b

    return poly(x), poly(x, 2.0), poly(x, b=1.5), poly(b=-1.0, t=x)


def as_key(words):
    def weight(w):
        total = 0
        for ch in w:
            total += 1
        return -total

    return sorted(words, key=weight), max(words, key=weight)


def raising(xs, i):
    def at(k):
        return xs[k]

    return at(i) * 2
