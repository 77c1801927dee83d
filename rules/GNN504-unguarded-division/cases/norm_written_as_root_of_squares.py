# Modelled on embedding and attention code that writes the L2 norm out by hand: the square root of
# a row sum of squares, with the square spelled `tf.square`, `x.pow(2)` or `x * x`, and the
# cosine of two rows written inline as a sum of products over the product of their norms. An
# all-zero row (a node with no features, a dead projection) gives 0 / 0 = NaN however the square
# is spelled. `tf.math.l2_normalize` / `F.normalize`, or an epsilon inside the root, guards it.
import tensorflow as tf
import torch
import torch.nn.functional as F


def unit_rows_tf(h):
    return h / tf.sqrt(tf.reduce_sum(tf.square(h), axis=1, keepdims=True))  # warning: [unguarded-division] [unguarded-sqrt]


def unit_rows_pow(h):
    length = h.pow(2).sum(1).sqrt().unsqueeze(1)  # warning: [unguarded-sqrt]
    return h / length  # warning: [unguarded-division]


def unit_rows_product(h):
    squares = h * h
    return h / torch.sqrt(torch.sum(squares, dim=-1, keepdim=True))  # warning: [unguarded-division] [unguarded-sqrt]


def cosine_inline(a, b):
    return (a * b).sum(-1) / (a.norm(dim=-1) * b.norm(dim=-1))  # warning: [unguarded-division]


def unit_rows_guarded_tf(h):
    return tf.math.l2_normalize(h, axis=1)


def unit_rows_epsilon_inside(h):
    return h / torch.sqrt(h.pow(2).sum(1, keepdim=True) + 1e-12)


def cosine_guarded(a, b):
    return F.cosine_similarity(a, b, dim=-1)


def mean_of_selected(h, keep):
    return (h * keep).sum(1) / keep.sum(1)
