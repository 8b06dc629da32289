#pythran export arc_distance(float64[:], float64[:], float64[:], float64[:])
#setup: import numpy as np; np.random.seed(0); n = 10**6; t1 = np.random.rand(n); p1 = np.random.rand(n); t2 = np.random.rand(n); p2 = np.random.rand(n)
#run: arc_distance(t1, p1, t2, p2)
#size: 4 x 10**6 float64
#numexpr: ne.evaluate("2 * arctan2(sqrt(h), sqrt(1 - h))", local_dict={"h": ne.evaluate("sin((b - a) / 2) ** 2 + cos(a) * cos(b) * sin((q - p) / 2) ** 2", local_dict={"a": t1, "b": t2, "p": p1, "q": p2})})
"""(a) Element-wise haversine arc distance, one NumPy expression on 10**6 points."""
import numpy as np


def arc_distance(theta_1, phi_1, theta_2, phi_2):
    temp = (np.sin((theta_2 - theta_1) / 2) ** 2
            + np.cos(theta_1) * np.cos(theta_2) * np.sin((phi_2 - phi_1) / 2) ** 2)
    return 2 * np.arctan2(np.sqrt(temp), np.sqrt(1 - temp))
#runas import numpy as np; np.random.seed(0); n = 1000; t1 = np.random.rand(n); p1 = np.random.rand(n); t2 = np.random.rand(n); p2 = np.random.rand(n); arc_distance(t1, p1, t2, p2)
#runas import numpy as np; e = np.zeros(0); arc_distance(e, e, e, e)
#runas import numpy as np; a = np.array([0.0, 1.0, np.pi, -np.pi / 2]); b = np.array([0.0, -1.0, 0.5, np.nan]); arc_distance(a, b, b, a)
#kiln-maxulp: 16
