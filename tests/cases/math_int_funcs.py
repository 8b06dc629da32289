"""math.gcd and math.factorial return int."""
#pythran export g(int, int)
#pythran export fact_table(int)
#runas g(12, 18), g(-12, 18), g(0, 0), g(0, -5), g(17, 5)
#runas fact_table(20)
import math


def g(a, b):
    return math.gcd(a, b)


def fact_table(n):
    s = 0
    for i in range(n + 1):
        s = math.factorial(i) - s
    return s, math.factorial(0), math.factorial(n)
