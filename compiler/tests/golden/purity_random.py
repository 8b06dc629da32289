# golden: analysis=purity
# Checks: impurity through `np.random` reaches every caller, transitively;
# a function that calls only pure code stays pure.
import numpy as np

#pythran export top(int)
def noise(n):
    return np.random.rand(n)

def scaled(n):
    return noise(n) * 2.0

def square(x):
    return x * x

def top(n):
    return scaled(n).sum() + square(n)
