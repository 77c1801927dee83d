# Modelled on focal losses written by hand: the softmax output is multiplied by a one-hot mask of
# the targets and summed over the classes, which picks the target class's probability; its log is
# -inf once that probability underflows to 0 (a confidently wrong prediction). The mask is either
# `F.one_hot(y)` or a zero tensor that 1 is scattered into. Clamped versions are safe, and so is a
# sum of the probabilities weighted by arbitrary (non one-hot) weights, which nothing shows to be
# a probability.
import torch
import torch.nn.functional as F


def focal_loss(logits, targets, gamma=2.0):
    p = F.softmax(logits, dim=1)
    mask = logits.new_zeros(logits.shape)
    mask.scatter_(1, targets.view(-1, 1), 1.0)
    pt = (p * mask).sum(1).view(-1, 1)
    return (-(1 - pt) ** gamma * pt.log()).mean()  # error: [unguarded-log]


def focal_loss_one_hot(logits, targets, num_classes):
    p = torch.softmax(logits, dim=-1)
    pt = torch.sum(p * F.one_hot(targets, num_classes), dim=-1)
    return -torch.log(pt).mean()  # error: [unguarded-log]


def focal_loss_clamped(logits, targets, num_classes):
    p = torch.softmax(logits, dim=-1)
    pt = torch.sum(p * F.one_hot(targets, num_classes), dim=-1).clamp(min=1e-7)
    return -torch.log(pt).mean()


def weighted_score(logits, weights):
    p = torch.softmax(logits, dim=-1)
    score = (p * weights).sum(-1)
    return torch.log(score)
