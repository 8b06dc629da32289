"""Container arguments mutated by an exported function: the caller sees the
change (lists, dicts, sets, nested lists), also when the function raises."""
#pythran export push(int list, int)
#pythran export fill(str:float dict)
#pythran export grow(int set)
#pythran export inner(int list list)
#pythran export fail_after(int list)
#pythran export via_helper(int list)
#pythran export stash(int list, int)
#pythran export repeat_in_place(int list, int)
#runas l = [1]; push(l, 5); l
#runas d = {"a": 1.0}; fill(d); d
#runas s = {3}; grow(s); s
#runas l = [[1], [2, 3]]; r = l[0]; inner(l); (l, r, l[0] is r)
#runas l = [1, 2]; fail_after(l)
#runas l = [1, 2]; via_helper(l); l
#runas l = [5]; stash(l, 6), l
#runas l = [1, 2]; repeat_in_place(l, 3), l
#runas l = [1, 2]; repeat_in_place(l, 0), l


def push(xs, n):
    for i in range(n):
        xs.append(i)
    return len(xs)


def fill(d):
    d["b"] = 2.5
    d["a"] = -1.0


def grow(s):
    for i in range(5):
        s.add(i * 2)
    s.discard(3)


def inner(rows):
    rows[0].append(10)
    rows.append([7])


def fail_after(xs):
    xs.append(3)
    return xs[10]


def helper(ys):
    ys.append(99)


def via_helper(xs):
    helper(xs)
    return xs


def stash(xs, n):
    box = []
    box.append(xs)
    box[0].append(n)
    return len(box)


def repeat_in_place(xs, n):
    ys = xs
    ys *= n
    s = "ab"
    s *= n
    return len(xs), s
