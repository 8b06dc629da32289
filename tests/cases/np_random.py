"""numpy.random's legacy global generator (MT19937): after `np.random.seed`,
every draw must be bit-identical to NumPy's: rand, randn, random,
random_sample, standard_normal, uniform, normal, randint, choice, shuffle,
permutation, scalars and arrays. (Sharing the state with the caller's
`np.random` is in np_bug_random_state_shared.py.)"""
import numpy as np

#pythran export seeded_rand(int)
#pythran export seeded_randn(int)
#pythran export seeded_random(int)
#pythran export seeded_uniform(int, float, float)
#pythran export seeded_normal(int, float, float)
#pythran export seeded_randint(int, int, int)
#pythran export seeded_randint_big(int)
#pythran export seeded_choice(int, float64[:])
#pythran export seeded_choice_n(int, int)
#pythran export seeded_choice_p(int, float64[:], float64[:])
#pythran export seeded_shuffle(int, float64[:])
#pythran export seeded_shuffle(int, int64[:,:])
#pythran export seeded_permutation(int, int)
#pythran export seeded_permutation_arr(int, float64[:])
#pythran export monte_carlo_pi(int, int)
#runas seeded_rand(0), seeded_rand(12345)
#runas seeded_randn(0), seeded_randn(2**32 - 1)
#runas seeded_random(7)
#runas seeded_uniform(1, -2.0, 3.0), seeded_uniform(2, 5.0, 5.0), seeded_uniform(3, 1.0, -1.0)
#runas seeded_normal(4, 10.0, 0.5), seeded_normal(5, 0.0, 0.0)
#runas seeded_normal(5, 0.0, -1.0)
#runas seeded_randint(6, 0, 10), seeded_randint(7, -5, 5), seeded_randint(8, 3, 4)
#runas seeded_randint(6, 5, 5)
#runas seeded_randint_big(9)
#runas import numpy as np; seeded_choice(10, np.array([0.5, 1.5, 2.5, 3.5]))
#runas seeded_choice_n(11, 10), seeded_choice_n(11, 1)
#runas import numpy as np; seeded_choice_p(12, np.array([1.0, 2.0, 3.0]), np.array([0.1, 0.2, 0.7]))
#runas import numpy as np; seeded_choice_p(12, np.array([1.0, 2.0, 3.0]), np.array([0.5, 0.2, 0.7]))
#runas import numpy as np; seeded_choice(13, np.zeros(0))
#runas import numpy as np; a = np.arange(10.0); seeded_shuffle(14, a); a
#runas import numpy as np; a = np.arange(12).reshape(4, 3); seeded_shuffle(15, a); a
#runas seeded_permutation(16, 8), seeded_permutation(17, 0)
#runas import numpy as np; a = np.arange(6.0); seeded_permutation_arr(18, a), a
#runas monte_carlo_pi(21, 1000)
#runas seeded_rand(-1)


def seeded_rand(s):
    np.random.seed(s)
    return np.random.rand(), np.random.rand(3), np.random.rand(2, 3)


def seeded_randn(s):
    np.random.seed(s)
    return np.random.randn(), np.random.randn(5), np.random.randn(2, 2), np.random.standard_normal(3)


def seeded_random(s):
    np.random.seed(s)
    return np.random.random(), np.random.random(4), np.random.random((2, 2)), np.random.random_sample(3), np.random.random_sample()


def seeded_uniform(s, lo, hi):
    np.random.seed(s)
    return np.random.uniform(lo, hi), np.random.uniform(lo, hi, 4), np.random.uniform(lo, hi, size=(2, 2)), np.random.uniform(), np.random.uniform(size=2)


def seeded_normal(s, mu, sigma):
    np.random.seed(s)
    return np.random.normal(mu, sigma), np.random.normal(mu, sigma, 5), np.random.normal(size=3), np.random.normal(loc=mu, scale=sigma, size=(2, 2))


def seeded_randint(s, lo, hi):
    np.random.seed(s)
    return np.random.randint(lo, hi), np.random.randint(lo, hi, 6), np.random.randint(hi, size=3), np.random.randint(lo, hi, size=(2, 3))


def seeded_randint_big(s):
    np.random.seed(s)
    return np.random.randint(0, 2**40, 4), np.random.randint(-2**62, 2**62, 3), np.random.randint(0, 3, 20)


def seeded_choice(s, a):
    np.random.seed(s)
    return np.random.choice(a), np.random.choice(a, 6), np.random.choice(a, 3, replace=False), np.random.choice(a, size=4)


def seeded_choice_n(s, n):
    np.random.seed(s)
    return np.random.choice(n, 5), np.random.choice(n, n, replace=False), np.random.choice(n, size=2)


def seeded_choice_p(s, a, p):
    np.random.seed(s)
    return np.random.choice(a, 8, p=p), np.random.choice(a, 2, replace=False, p=p)


def seeded_shuffle(s, a):
    np.random.seed(s)
    np.random.shuffle(a)


def seeded_permutation(s, n):
    np.random.seed(s)
    return np.random.permutation(n)


def seeded_permutation_arr(s, a):
    np.random.seed(s)
    return np.random.permutation(a)


def monte_carlo_pi(s, n):
    np.random.seed(s)
    x = np.random.rand(n)
    y = np.random.rand(n)
    return 4.0 * np.sum(x * x + y * y < 1.0) / n
