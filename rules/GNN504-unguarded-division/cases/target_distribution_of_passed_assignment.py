# Modelled on deep clustering GNNs (structural deep clustering, deep fusion clustering): the model
# returns a Student-t soft assignment `1 / (1 + d / v)`, raised to a power and row-normalised, among
# other outputs; the training loop unpacks it and sharpens it into the target distribution
# `q ** 2 / q.sum(0)`. The helper is defined before its only call, and its parameter is as positive
# as what that call passes: the column sums of strictly positive entries are never 0. A helper
# that some call hands raw scores (which can all be 0) stays reported.
import torch
import torch.nn.functional as F
from torch import nn


def sharpen(q):
    weight = q ** 2 / q.sum(0)
    return (weight.t() / weight.sum(1)).t()


def sharpen_scores(s):
    weight = s ** 2 / s.sum(0)  # warning: [unguarded-division]
    return (weight.t() / weight.sum(1)).t()


class Clusterer(nn.Module):
    def __init__(self, n_in, n_z, n_clusters, v=1):
        super().__init__()
        self.encode = nn.Linear(n_in, n_z)
        self.centres = nn.Parameter(torch.randn(n_clusters, n_z))
        self.v = v

    def forward(self, x):
        z = self.encode(x)
        q = 1.0 / (1.0 + torch.sum(torch.pow(z.unsqueeze(1) - self.centres, 2), 2) / self.v)
        q = q.pow((self.v + 1.0) / 2.0)
        q = (q.t() / torch.sum(q, 1)).t()
        return z, q


def train(x, epochs):
    model = Clusterer(x.size(1), 16, 4).to(x.device)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    for _ in range(epochs):
        z, q = model(x)
        p = sharpen(q.data)
        scores = torch.relu(z @ model.centres.t())
        loss = F.kl_div(q.log(), p, reduction="batchmean") + sharpen_scores(scores).sum()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
