#pythran export gray_scott(float64[:,:], float64[:,:], int, float, float, float, float)
#setup: import numpy as np; np.random.seed(0); n = 512; u0 = np.ones((n, n)); v0 = np.zeros((n, n)); u0[200:312, 200:312] = 0.5; v0[200:312, 200:312] = 0.25; u0 += 0.02 * np.random.rand(n, n); v0 += 0.02 * np.random.rand(n, n)
#run: gray_scott(u0, v0, 40, 0.16, 0.08, 0.035, 0.065)
#size: 2 x 512x512, 40 steps
"""(h) Gray-Scott reaction-diffusion on a 512x512 grid: 5-point Laplacian
stencils written with slices, updated in place (fixed borders)."""
import numpy as np


def gray_scott(u0, v0, steps, du, dv, feed, kill):
    u = u0.copy()
    v = v0.copy()
    for _ in range(steps):
        uc = u[1:-1, 1:-1]
        vc = v[1:-1, 1:-1]
        lap_u = u[:-2, 1:-1] + u[2:, 1:-1] + u[1:-1, :-2] + u[1:-1, 2:] - 4.0 * uc
        lap_v = v[:-2, 1:-1] + v[2:, 1:-1] + v[1:-1, :-2] + v[1:-1, 2:] - 4.0 * vc
        uvv = uc * vc * vc
        u[1:-1, 1:-1] = uc + du * lap_u - uvv + feed * (1.0 - uc)
        v[1:-1, 1:-1] = vc + dv * lap_v + uvv - (feed + kill) * vc
    return u, v
#runas import numpy as np; np.random.seed(0); n = 32; u0 = np.ones((n, n)); v0 = np.zeros((n, n)); u0[12:20, 12:20] = 0.5; v0[12:20, 12:20] = 0.25; u0 += 0.02 * np.random.rand(n, n); v0 += 0.02 * np.random.rand(n, n); gray_scott(u0, v0, 5, 0.16, 0.08, 0.035, 0.065)
#runas import numpy as np; np.random.seed(1); u0 = np.asfortranarray(np.random.rand(8, 6)); v0 = np.random.rand(8, 6); gray_scott(u0, v0, 3, 0.16, 0.08, 0.035, 0.065)
#runas import numpy as np; u0 = np.ones((2, 2)); v0 = np.zeros((2, 2)); gray_scott(u0, v0, 2, 0.16, 0.08, 0.035, 0.065)
