# golden: analysis=usedef
# Checks: a variable that changes type (`a = cos(1); a = str(a)`) is split
# into its webs (front/webs.rs): `a` (float) and `a.1` (str), each with its
# own def-use chains; the reassignment is no longer a type error.
from math import cos

#pythran export f()
def f():
    a = cos(1)
    a = str(a)
    return a
