#pythran export hist_prefix(int64[:], int)
#setup: import numpy as np; np.random.seed(0); vals = np.random.randint(0, 1000, size=10**6).astype(np.int64)
#run: hist_prefix(vals, 64)
#size: 10**6 int64, 64 bins
"""(n) One pass over 10**6 ints: histogram of value % nbins plus the running
(prefix) sum of the values, both with explicit element loops."""
import numpy as np


def hist_prefix(values, nbins):
    counts = np.zeros(nbins, dtype=np.int64)
    prefix = np.empty(values.shape[0], dtype=np.int64)
    total = 0
    for i in range(values.shape[0]):
        v = values[i]
        counts[v % nbins] += 1
        total += v
        prefix[i] = total
    return counts, prefix

# Differential test inputs (tests/test_cases.py), smaller than the benchmark's.
#runas import numpy as np; np.random.seed(0); vals = np.random.randint(0, 1000, size=10**4).astype(np.int64); hist_prefix(vals, 64)
#runas import numpy as np; vals = np.arange(-5, 6).astype(np.int64); hist_prefix(vals, 3)
