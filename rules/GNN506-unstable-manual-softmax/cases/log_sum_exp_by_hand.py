# Modelled on skip-gram and softmax cross-entropy losses that write the normaliser out as
# `log(sum(exp(scores)))`: without the max shift `exp` overflows to inf, the log is inf and its
# gradient (`exp / sum`) is inf / inf = NaN. An epsilon inside the log does not help. Shifted by
# the row maximum, or of scores bounded by construction (dot products of L2-normalised rows),
# the same expression is safe; `torch.logsumexp` is the library form.
import tensorflow as tf
import torch
import torch.nn.functional as F


def negative_term(anchor, negatives):
    scores = anchor @ negatives.t()
    return torch.log(torch.exp(scores).sum(dim=1) + 1e-8)  # error: [unstable-manual-softmax]


def negative_term_tf(anchor, negatives):
    scores = tf.matmul(anchor, negatives, transpose_b=True)
    return tf.math.log(tf.reduce_sum(tf.exp(scores), axis=1))  # error: [unstable-manual-softmax]


def negative_term_shifted(anchor, negatives):
    scores = anchor @ negatives.t()
    top = scores.max(dim=1, keepdim=True).values
    return torch.log(torch.exp(scores - top).sum(dim=1)) + top.squeeze(1)


def negative_term_of_unit_rows(anchor, negatives):
    scores = F.normalize(anchor, dim=1) @ F.normalize(negatives, dim=1).t()
    return torch.log(torch.exp(scores).sum(dim=1))


def negative_term_library(anchor, negatives):
    return torch.logsumexp(anchor @ negatives.t(), dim=1)


class SkipGram:
    """The affinities come from a method with branches (a bilinear form or not) applied to the
    embeddings its callers pass in: what bounds them (callers that L2-normalise the embeddings) is
    out of sight here, so the log-sum-exp of them is not judged."""

    def __init__(self, weights=None):
        self.weights = weights

    def affinities(self, anchor, negatives):
        if self.weights is not None:
            anchor = anchor @ self.weights
        return anchor @ negatives.t()

    def loss(self, anchor, negatives):
        scores = self.affinities(anchor, negatives)
        return torch.log(torch.exp(scores).sum(dim=1))
