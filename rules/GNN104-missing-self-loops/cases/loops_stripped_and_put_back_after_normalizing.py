# Modelled on a traffic model's operator: the stored graph holds its self-loops, the code strips them
# (`a - I`), symmetrizes, normalizes with NumPy's function spelling and only then adds the identity,
# so each node's own weight ignores its degree. Stripping the loops and keeping the operator loop-free
# (no identity afterwards) drops each node's own features all the same: both are reported.
import numpy as np


def smooth(a):
    d = np.array(np.sum(a, axis=1)).reshape((-1,))
    d[d <= 1e-4] = 1e-4
    r = np.reciprocal(np.sqrt(d))
    scaled = np.multiply(np.multiply(r.reshape((-1, 1)), a), r.reshape((1, -1)))  # warning: [missing-self-loops]
    return 0.4 * (np.eye(a.shape[0]) + scaled)


def spread(a):
    d = np.array(np.sum(a, axis=1)).reshape((-1,))
    d[d <= 1e-4] = 1e-4
    r = np.reciprocal(np.sqrt(d))
    return np.multiply(np.multiply(r.reshape((-1, 1)), a), r.reshape((1, -1)))  # warning: [missing-self-loops]


def operators(path, n):
    stored = np.load(path)
    bare = stored - np.eye(n)
    both = bare + np.transpose(bare)
    return smooth(both), spread(both)
