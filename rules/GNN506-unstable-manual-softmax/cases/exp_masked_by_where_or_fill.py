# Modelled on dense graph-attention layers that keep only the scores of neighbours by masking the
# exp'd scores (`torch.where(adj > 0, exp(s), 0)`, `exp(s).masked_fill(adj == 0, 0)`) before the
# row normalisation: the kept entries are the same unshifted `exp`, inf once a score passes ~88,
# so the row becomes inf / inf = NaN. Shifting by the row maximum first keeps them finite.
import torch


def neighbour_weights(scores, adj):
    e = torch.where(adj > 0, torch.exp(scores), torch.zeros_like(scores))  # error: [unstable-manual-softmax]
    return e / (e.sum(dim=1, keepdim=True) + 1e-16)


def neighbour_weights_filled(scores, adj):
    e = scores.exp()  # error: [unstable-manual-softmax]
    e = e.masked_fill(adj == 0, 0.0)
    return e / (e.sum(dim=1, keepdim=True) + 1e-16)


def neighbour_weights_shifted(scores, adj):
    top = scores.max(dim=1, keepdim=True).values
    e = torch.where(adj > 0, torch.exp(scores - top), torch.zeros_like(scores))
    return e / (e.sum(dim=1, keepdim=True) + 1e-16)
