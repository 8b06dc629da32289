"""Generators defined inside functions (lifted nested generators reading
the enclosing function's variables), generators calling generators with
`yield from`, generators over containers of several types, and generators
inside comprehensions of comprehensions."""
#pythran export outer(int, int)
#pythran export words(str)
#pythran export grid(int)
#pythran export dict_items(str:int dict)
#runas outer(5, 2), outer(0, 1)
#runas words("the quick  brown fox")
#runas grid(3), grid(0)
#runas dict_items({"a": 1, "b": 2, "c": 3})


def outer(n, k):
    def multiples(m):
        for i in range(m):
            if i % k == 0:
                yield i * k
    return list(multiples(n)), [x + 1 for x in multiples(n + 1)]


def split_words(s):
    word = ""
    for ch in s:
        if ch == " ":
            if word:
                yield word
            word = ""
        else:
            word += ch
    if word:
        yield word


def words(s):
    return list(split_words(s)), sorted(split_words(s)), {w: len(w) for w in split_words(s)}


def cells(n):
    for i in range(n):
        yield from row(i, n)


def row(i, n):
    for j in range(n):
        yield (i, j)


def grid(n):
    return [[a * 10 + b for a, b in cells(m)] for m in range(n + 1)], max(cells(n)) if n > 0 else (-1, -1)


def kv(d):
    for k, v in d.items():
        yield k, v * 2


def dict_items(d):
    return dict(kv(d)), [k for k, _ in kv(d)]
