# Checks: `str list` in a spec is reported as not supported yet.
#pythran export count(str list)


def count(words):
    return len(words)
