# Modelled on graph contrastive losses (two augmented views, InfoNCE over node embeddings): the
# similarity matrix is exponentiated after a temperature and divided by its row sums. Raw dot
# products of encoder outputs are unbounded, so exp overflows to inf and the ratio is NaN. Dot
# products of rows normalised to unit L2 norm (`F.normalize`, `tf.math.l2_normalize`) or
# `F.cosine_similarity` lie in [-1, 1]: exp(1 / tau) stays finite for any usual temperature.
# Columns normalised (`dim=0`) bound no row, so their products are not cosines.
import tensorflow as tf
import torch
import torch.nn.functional as F


def info_nce_raw(h1, h2, tau=0.5):
    sim = torch.exp(h1 @ h2.t() / tau)  # error: [unstable-manual-softmax]
    return sim / sim.sum(dim=1, keepdim=True)


def info_nce_columns(h1, h2, tau=0.5):
    a, b = F.normalize(h1, dim=0), F.normalize(h2, dim=0)
    sim = torch.exp(torch.mm(a, b.t()) / tau)  # error: [unstable-manual-softmax]
    return sim / sim.sum(dim=1, keepdim=True)


def info_nce_unit_rows(h1, h2, tau=0.5):
    a, b = F.normalize(h1, dim=-1), F.normalize(h2, dim=-1)
    sim = torch.exp(torch.mm(a, b.t()) / tau)
    return sim / sim.sum(dim=1, keepdim=True)


def info_nce_inline(h1, h2, tau=0.2):
    sim = torch.exp(F.normalize(h1) @ F.normalize(h2).T / tau)
    return sim / sim.sum(dim=1, keepdim=True)


def info_nce_cosine(h1, h2, tau=0.2):
    sim = torch.exp(F.cosine_similarity(h1.unsqueeze(1), h2.unsqueeze(0), dim=-1) / tau)
    return sim / sim.sum(dim=1, keepdim=True)


def info_nce_tf(h1, h2, tau=0.5):
    a = tf.math.l2_normalize(h1, axis=1)
    b = tf.math.l2_normalize(h2, axis=1)
    sim = tf.exp(tf.matmul(a, b, transpose_b=True) / tau)
    return sim / tf.reduce_sum(sim, axis=1, keepdims=True)
