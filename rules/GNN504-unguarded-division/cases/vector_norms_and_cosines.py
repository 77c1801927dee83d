# Modelled on a power-iteration step over a learned edge mask (`v = v / tf.linalg.norm(v)`: a mask
# with no active edge makes `A v` the zero vector) and on a cosine similarity written by hand
# (pairwise dot products over the outer product of the row norms, `torch.ger(n, n)`): a zero
# vector or a zero row gives 0 / 0 = NaN. The library normalisers and an epsilon guard them; a
# whole-tensor sum (`x / x.sum()`) is 0 only for an all-zero tensor and stays unreported, and so does
# the norm of a whole learned weight vector or of a constant (`torch.eye(k).type_as(ss)`), and
# the row norms of a trained embedding table (a module's parameter, however it is read out).
import numpy as np
import tensorflow as tf
import torch
import torch.nn.functional as F


def power_step(AA, v):
    v = tf.matmul(AA, v)
    v_norm = tf.linalg.norm(v)
    v = v / v_norm  # warning: [unguarded-division]
    return v


def power_step_guarded(AA, v):
    v = tf.matmul(AA, v)
    return tf.math.l2_normalize(v), v / (tf.norm(v) + 1e-12)


def unit(u):
    return u / np.linalg.norm(u)  # warning: [unguarded-division]


def cosine(h):
    n = torch.norm(h, p=2, dim=1)
    dots = torch.mm(h, h.t())
    pairs = torch.ger(n, n)
    return dots / pairs  # warning: [unguarded-division]


def cosine_guarded(h):
    z = F.normalize(h, p=2, dim=1)
    n = torch.norm(h, p=2, dim=1)
    return z @ z.t(), torch.mm(h, h.t()) / torch.outer(n, n).clamp(min=1e-8)


def shares(x):
    return x / x.sum()


class Projection(torch.nn.Module):
    """Scores scaled by the norm of a learned vector: 0 only if every weight is."""

    def __init__(self, dim):
        super().__init__()
        self.p = torch.nn.Parameter(torch.empty(1, dim))
        torch.nn.init.xavier_normal_(self.p)

    def forward(self, feat):
        return torch.abs(torch.matmul(self.p, feat.T).view(-1)) / torch.norm(self.p, p=2)


def orthogonality(s, k):
    ss = torch.matmul(s.transpose(1, 2), s)
    i_s = torch.eye(k).type_as(ss)
    return torch.norm(ss / torch.norm(ss, dim=(-1, -2), keepdim=True) - i_s / torch.norm(i_s), dim=(-1, -2))


class SkipGram(torch.nn.Module):
    """The trained embedding table saved with unit rows: a trained row is never all zero. The
    same normalisation of the features a batch brings is the hazard."""

    def __init__(self, n, dim):
        super().__init__()
        self.table = torch.nn.Embedding(n, dim)

    def saved(self):
        rows = self.table.weight.cpu().data.numpy()
        rows /= np.sqrt(np.sum(rows * rows, 1)).reshape(-1, 1)
        return rows

    def batch_rows(self, feats):
        rows = feats.cpu().numpy()
        rows /= np.sqrt(np.sum(rows * rows, 1)).reshape(-1, 1)  # warning: [unguarded-division]
        return rows
