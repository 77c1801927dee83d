# Modelled on node-embedding trainers (LINE, DeepWalk) that export their tables: each learned table
# is scaled to unit rows, the two are joined side by side, and the result is scaled again. The
# rows of a trained table are never all zero, and a rescaled or joined table is still those
# weights, so none of these divisions can be 0 / 0. Node features joined the same way are data:
# an all-zero row there gives NaN.
import numpy as np
import torch


class Line(torch.nn.Module):
    def __init__(self, nodes, dim):
        super().__init__()
        self.first = torch.nn.Embedding(nodes, dim)
        self.second = torch.nn.Embedding(nodes, dim)

    def export(self):
        first = self.first.weight.cpu().data.numpy()
        first /= np.sqrt(np.sum(first * first, 1)).reshape(-1, 1)
        second = self.second.weight.cpu().data.numpy()
        second /= np.sqrt(np.sum(second * second, 1)).reshape(-1, 1)
        both = np.concatenate((first, second), 1)
        both /= np.sqrt(np.sum(both * both, 1)).reshape(-1, 1)
        return both


def joined_features(x, extra):
    both = np.concatenate((x, extra), 1)
    return both / np.sqrt(np.sum(both * both, 1)).reshape(-1, 1)  # warning: [unguarded-division]
