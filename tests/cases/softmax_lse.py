#pythran export softmax_lse(float64[:,:])
#setup: import numpy as np; np.random.seed(0); a = 10.0 * np.random.randn(1000, 1000)
#run: softmax_lse(a)
#size: 1000x1000
"""(l) Row-wise softmax and logsumexp of a 1000x1000 array with axis reductions."""
import numpy as np


def softmax_lse(a):
    m = np.max(a, axis=1)
    e = np.exp(a - m[:, np.newaxis])
    s = np.sum(e, axis=1)
    return e / s[:, np.newaxis], m + np.log(s)
#runas import numpy as np; np.random.seed(0); a = 10.0 * np.random.randn(30, 40); softmax_lse(a)
#runas import numpy as np; a = np.array([[0.0, 1.0, 2.0], [1000.0, 1000.0, -1000.0]]); softmax_lse(a), softmax_lse(np.asfortranarray(a))
#runas import numpy as np; softmax_lse(np.zeros((0, 3)))
#runas import numpy as np; softmax_lse(np.zeros((2, 0)))
