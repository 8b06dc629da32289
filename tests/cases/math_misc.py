"""copysign fmod hypot pow degrees radians."""
#pythran export misc(float, float)
#pythran export on_ints(int, int)
#runas misc(3.0, -4.0), misc(-7.5, 2.0), misc(-0.0, 2.0)
#runas on_ints(-7, 2)
import math


def misc(x, y):
    return (math.copysign(x, y), math.fmod(x, y), math.hypot(x, y),
            math.pow(math.fabs(x), y), math.degrees(x), math.radians(y))


def on_ints(a, b):
    return math.fmod(a, b), math.copysign(1, a), math.hypot(a, b), math.pow(a, b), math.degrees(b)
