"""The Ackermann function on small arguments (deep, non-primitive recursion)."""
#pythran export ack(int, int)
#runas ack(0, 0), ack(1, 2), ack(2, 3)
#runas ack(3, 3)


def ack(m, n):
    if m == 0:
        return n + 1
    if n == 0:
        return ack(m - 1, 1)
    return ack(m - 1, ack(m, n - 1))
