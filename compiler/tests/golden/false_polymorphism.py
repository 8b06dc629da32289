# golden: analysis=usedef
# Checks: a variable that changes type (`a = cos(1); a = str(a)`), the
# "false polymorphism" use-def renaming is meant for. The front end does not
# accept it yet (one type per variable); the snapshot records its diagnostic.
from math import cos

#pythran export f()
def f():
    a = cos(1)
    a = str(a)
    return a
