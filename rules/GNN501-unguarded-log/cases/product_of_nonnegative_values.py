# Modelled on feature-masking augmentations that weight each feature by the log of how central the
# nodes carrying it are: `w = |x|^T @ c` (or a 0/1 occurrence matrix `x.bool().float()` times c),
# then `w.log()`. Each entry is a sum over the nodes where the feature is non-zero: a feature that
# no node carries (an all-zero column) gives w = 0 and log(0) = -inf. A product of non-negative
# values is never known positive; `+ eps` or a clamp guards it, and a product of strictly positive
# values (`exp`, `ones`) is safe.
import torch


def drop_weights_dense(x, node_c):
    x = x.abs()
    w = x.t() @ node_c
    w = w.log()  # error: [unguarded-log]
    return (w.max() - w) / (w.max() - w.mean())


def drop_weights_binary(x, node_c):
    x = x.to(torch.bool).to(torch.float32)
    w = torch.mm(x.t(), node_c)
    return torch.log(w)  # error: [unguarded-log]


def drop_weights_renamed(feats, centrality):
    occurrence = feats.abs()
    mass = torch.matmul(occurrence.T, centrality)
    return mass.log()  # error: [unguarded-log]


def drop_weights_eps(x, node_c):
    w = x.abs().t() @ node_c
    return torch.log(w + 1e-8), torch.log(torch.clamp(w, min=1e-8))


def positive_weights(scores, node_c):
    w = torch.exp(scores).t() @ torch.exp(node_c)
    return torch.log(w)
