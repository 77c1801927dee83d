# Modelled on hand-written losses and feature transforms in GNN repositories: nothing names the
# value a probability, but the code says what it is. `log(p)` next to `log(1 - p)` is a binary
# cross-entropy written by hand (p is a probability, and reaches 0 or 1 once the decoder
# saturates); `p * log(p)` is an entropy term (p = 0 gives 0 * -inf = NaN); a column shifted by
# its own minimum is exactly 0 at the minimum. Clamped, shifted or branch-guarded versions are safe.
import numpy as np
import torch


def reconstruction_loss(probs, target):
    loss = target * torch.log(probs) + (1 - target) * torch.log(1 - probs)  # error: [unguarded-log]
    return -loss.mean()


def reconstruction_loss_clamped(probs, target):
    probs = torch.clamp(probs, min=1e-7, max=1 - 1e-7)
    loss = target * torch.log(probs) + (1 - target) * torch.log(1 - probs)
    return -loss.mean()


def column_entropy(mat):
    ent = np.zeros(mat.shape[1])
    for i in range(mat.shape[1]):
        ent[i] = np.mean([-mat[j, i] * np.log(mat[j, i]) for j in range(mat.shape[0])])  # error: [unguarded-log]
    return ent


def entry_entropy(x, eps=1e-6):
    if x > eps:
        return -x * np.log(x)
    return -(x + eps) * np.log(x + eps)


def log_scores(feats):
    feats[:, 0] = np.log(feats[:, 0] + 1.0)
    feats[:, 1] = np.log(feats[:, 1] - min(np.min(feats[:, 1]), -1))  # error: [unguarded-log]
    return feats


def log_scores_shifted(feats):
    feats[:, 1] = np.log(feats[:, 1] - np.min(feats[:, 1]) + 1.0)
    return feats


def entropy_of_nonzero(p):
    p = p[p > 0]
    return -(p * np.log(p)).sum()


def entropy_nan_safe(p):
    return -np.nansum(p * np.log(p))


def entropy_where(p):
    return -np.where(p > 0, p * np.log(p), 0.0).sum()


def pair_score_loss(prediction, target):
    import math
    return (math.log(prediction) - math.log(target)) ** 2


def scalar_bce(p, y):
    import math
    return -(y * math.log(p) + (1 - y) * math.log(1 - p))  # error: [unguarded-log]


def concrete_sample(logits, beta):
    u = torch.empty_like(logits).uniform_(1e-6, 1.0 - 1e-6)
    return torch.sigmoid((torch.log(u) - torch.log(1 - u) + logits) / beta)


def random_features(num_cols: int):
    return int(num_cols * np.log(num_cols))
