# Modelled on link-prediction training loops that score node pairs with a small helper ending in a
# sigmoid (`def score(h, pairs): return torch.sigmoid(...)`) and join the positive and negative
# scores with `torch.cat` before the loss: the joined scores are still probabilities, and a loss
# `with_logits` squashes them a second time. The same scores fed to plain binary cross-entropy,
# and a join of a probability with raw logits (not known to be either), stay quiet.
import torch
import torch.nn.functional as F


def score(h, pairs):
    return torch.sigmoid((h[pairs[0]] * h[pairs[1]]).sum(dim=-1))


def logit(h, pairs):
    return (h[pairs[0]] * h[pairs[1]]).sum(dim=-1)


def pair_loss(h, pos, neg):
    out = torch.cat([score(h, pos), score(h, neg)])
    labels = torch.cat([torch.ones(pos.size(1)), torch.zeros(neg.size(1))])
    return F.binary_cross_entropy_with_logits(out, labels)  # error: [softmax-before-crossentropy]


def one_side_loss(h, pos):
    return F.binary_cross_entropy_with_logits(score(h, pos), torch.ones(pos.size(1)))  # error: [softmax-before-crossentropy]


def probability_loss(h, pos, neg):
    out = torch.cat([score(h, pos), score(h, neg)])
    labels = torch.cat([torch.ones(pos.size(1)), torch.zeros(neg.size(1))])
    return F.binary_cross_entropy(out, labels)


def mixed_loss(h, pos, neg):
    out = torch.cat([score(h, pos), logit(h, neg)])
    labels = torch.cat([torch.ones(pos.size(1)), torch.zeros(neg.size(1))])
    return F.binary_cross_entropy_with_logits(out, labels)
