# Modelled on the inverse-distance interpolation of point-cloud upsampling layers (PointNet++
# feature propagation) and on label smoothing of one-hot targets: a row of strictly positive
# terms never sums to 0, so dividing by that sum is safe. The reciprocal of a squared distance
# plus an epsilon is positive; a one-hot row plus a positive constant is positive. The same
# division of a row that may hold only zeros (or signed values) is the hazard.
import torch
import torch.nn.functional as F


def pairwise_sq(a, b):
    out = -2 * torch.matmul(a, b.permute(0, 2, 1))
    out += torch.sum(a ** 2, -1).unsqueeze(-1)
    out += torch.sum(b ** 2, -1).unsqueeze(1)
    return out


def interpolate(points, centres, feats):
    d = pairwise_sq(points, centres)
    d, nearest = d.sort(dim=-1)
    d, nearest = d[:, :, :3], nearest[:, :, :3]
    inv = 1.0 / (d + 1e-8)
    total = torch.sum(inv, dim=2, keepdim=True)
    w = inv / total
    return w, nearest


def signed_weights(scores):
    z = scores - scores.mean(-1, keepdim=True)
    return z / z.sum(-1, keepdim=True)  # warning: [unguarded-division]


def smoothed_targets(labels, eps=0.1):
    t = F.one_hot(labels, 21).float()
    t = t + eps / float(t.size(-1))
    return t / t.sum(-1, keepdim=True)


def bag_frequencies(bags):
    t = bags.float()
    return t / t.sum(-1, keepdim=True)  # warning: [unguarded-division]


def class_frequencies(labels_per_batch, num_classes):
    import numpy as np
    counts = np.zeros((len(labels_per_batch), num_classes), dtype=np.int32)
    for i, ys in enumerate(labels_per_batch):
        seen, count = np.unique(ys, return_counts=True)
        counts[i, seen] = count
    counts += 1
    return counts / counts.sum(1).reshape(-1, 1)


# Masked rows reset to a fixed distribution, then every entry raised by an epsilon before the
# renormalisation: no row is all zero any more.
def renormalised(pred, mask, fixed):
    pred[~mask] = fixed
    pred = pred + 1e-7
    return pred / torch.sum(pred, dim=-1, keepdim=True)
