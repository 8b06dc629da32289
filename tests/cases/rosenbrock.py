#pythran export rosenbrock(float64[:])
#setup: import numpy as np; np.random.seed(0); x = 2.0 * np.random.rand(10**7)
#run: rosenbrock(x)
#size: 10**7 float64
#numexpr: ne.evaluate("sum(100.0 * (b - a ** 2) ** 2 + (1.0 - a) ** 2)", local_dict={"a": x[:-1], "b": x[1:]})
"""(g) Rosenbrock function value with slicing and a full reduction."""
import numpy as np


def rosenbrock(x):
    return np.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1.0 - x[:-1]) ** 2)
#runas import numpy as np; np.random.seed(0); x = 2.0 * np.random.rand(1000); rosenbrock(x)
#runas import numpy as np; rosenbrock(np.array([1.0, 1.0, 1.0])), rosenbrock(np.array([0.5])), rosenbrock(np.zeros(0))
