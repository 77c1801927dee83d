# Modelled on deep fusion clustering: the training function is handed its model by the script that
# builds it, calls it, unpacks the soft assignment from a long tuple of outputs and sharpens it into
# the target distribution. The assignment `1 / (1 + d / v)` is strictly positive whichever model the
# caller built, so its column sums are never 0. When the caller hands in a model whose output is
# raw scores (a ReLU, all 0 for a dead row), the sharpening stays reported.
import torch
import torch.nn.functional as F
from torch import nn


def sharpen(q):
    weight = q ** 2 / q.sum(0)
    return (weight.t() / weight.sum(1)).t()


def sharpen_raw(s):
    weight = s ** 2 / s.sum(0)  # warning: [unguarded-division]
    return (weight.t() / weight.sum(1)).t()


class Fusion(nn.Module):
    def __init__(self, n_in, n_z, n_clusters, v=1.0):
        super().__init__()
        self.encode = nn.Linear(n_in, n_z)
        self.centres = nn.Parameter(torch.randn(n_clusters, n_z))
        self.v = v

    def forward(self, x):
        z = self.encode(x)
        q = 1.0 / (1.0 + torch.sum(torch.pow(z.unsqueeze(1) - self.centres, 2), 2) / self.v)
        q = q.pow((self.v + 1.0) / 2.0)
        q = (q.t() / torch.sum(q, 1)).t()
        return self.encode(x), z, q


class Scorer(nn.Module):
    def __init__(self, n_in, n_clusters):
        super().__init__()
        self.score = nn.Linear(n_in, n_clusters)

    def forward(self, x):
        return x, x, torch.relu(self.score(x))


def fit(model, x, epochs):
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    for _ in range(epochs):
        _, _, q = model(x)
        p = sharpen(q.data)
        loss = F.kl_div(q.log(), p, reduction="batchmean")
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()


def fit_scores(model, x):
    _, _, s = model(x)
    return sharpen_raw(s.data)


def main(x):
    fit(Fusion(x.size(1), 16, 4).to(x.device), x, 100)
    fit_scores(Scorer(x.size(1), 4), x)
