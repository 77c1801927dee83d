# Modelled on mixture and kernel density code that sums `exp` of log-probabilities or of negated
# squared distances and takes the log (a log-marginal, a log kernel density). A log-probability
# (`log_softmax`) is at most 0, and so is a negated square scaled by a setting (`-gamma * sq`, an
# RBF kernel): `exp` of it is at most 1 and cannot overflow, whether its sum is divided out or goes
# into a log. Scores that are merely non-negative (`relu`), or negated scores of unknown sign,
# still overflow.
import torch
import torch.nn.functional as F


def log_marginal(logits):
    lp = F.log_softmax(logits, dim=-1)
    return torch.log(torch.exp(lp).sum(-1))


def log_marginal_method(logits):
    return torch.log(torch.exp(logits.log_softmax(-1)).sum(-1))


def posterior_from_log_probs(logits):
    e = torch.exp(F.log_softmax(logits, dim=-1))
    return e / e.sum(-1, keepdim=True)


def rbf_log_density(a, b, gamma):
    sq = ((a[:, None, :] - b[None, :, :]) ** 2).sum(-1)
    return torch.log(torch.exp(-gamma * sq).sum(1))


def rbf_weights(a, b, gamma):
    sq = ((a[:, None, :] - b[None, :, :]) ** 2).sum(-1)
    w = torch.exp(-gamma * sq)
    return w / w.sum(1, keepdim=True)


def gaussian_log_density(x, centres, sigma):
    d2 = torch.cdist(x, centres) ** 2
    return torch.log(torch.exp(-d2 / (2 * sigma ** 2)).sum(1) + 1e-12)


def relu_scores(x, w):
    s = torch.relu(x @ w)
    return torch.log(torch.exp(s).sum(1))  # error: [unstable-manual-softmax]


def gamma_times_scores(x, w, gamma):
    s = x @ w
    return torch.log(torch.exp(-gamma * s).sum(1))  # error: [unstable-manual-softmax]

