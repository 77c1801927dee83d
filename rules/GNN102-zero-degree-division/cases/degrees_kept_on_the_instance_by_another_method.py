# Modelled on gnn-benchmark's label propagation: one method keeps the row sums of the graph it is given
# (and, on another path, hands that graph to the module's symmetric normalizer: the use that makes it an
# adjacency); another method divides the propagated labels by those row sums, with no zero guard.
import numpy as np


def sym_normalize(m):
    s = np.ravel(m.sum(1))
    s[s == 0] = 1
    r = np.sqrt(s)
    return m / r[:, None] / r[None, :]


class Propagation:
    def __init__(self, g, y, smooth):
        self.smooth = smooth
        self.y = y
        self.g = self.prepare(g)

    def prepare(self, g):
        self.counts = g.sum(axis=1).astype(np.float32)
        if self.smooth:
            g = sym_normalize(g)
        return g

    def step(self):
        return (self.g @ self.y) / self.counts  # error: [zero-degree-division]

    def step_guarded(self):
        return (self.g @ self.y) / np.maximum(self.counts, 1.0)
