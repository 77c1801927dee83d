# Modelled on chemprop's attentive readout: each atom's score goes through `exp` with no max shift,
# the weights are summed per molecule into a zero tensor in place (`scatter_reduce_(..., "sum")`,
# or `index_add_`), read back at each atom (`z[batch]`) and divided into the weights: a softmax
# over each molecule's atoms written by hand, where a score above ~88 makes `exp` inf and
# inf / inf is NaN. Scores shifted by the per-molecule maximum first cannot overflow, and a
# per-molecule maximum taken the same way (`reduce="amax"`) is no sum.
import torch
from torch import nn


class AttentiveReadout(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.score = nn.Linear(dim, 1)

    def forward(self, h, batch):
        n = int(batch.max()) + 1
        e = self.score(h).exp()  # error: [unstable-manual-softmax]
        z = torch.zeros(n, 1, dtype=h.dtype).scatter_reduce_(0, batch.unsqueeze(1), e, reduce="sum",
                                                             include_self=False)
        alpha = e / z[batch]
        return torch.zeros(n, h.shape[1]).index_add_(0, batch, alpha * h)

    def by_index_add(self, h, batch, n):
        e = torch.exp(self.score(h))  # error: [unstable-manual-softmax]
        z = torch.zeros(n, 1).index_add_(0, batch, e)
        return e / z[batch]

    def shifted(self, h, batch, n):
        s = self.score(h)
        top = torch.zeros(n, 1).scatter_reduce_(0, batch.unsqueeze(1), s, reduce="amax", include_self=False)
        e = torch.exp(s - top[batch])
        z = torch.zeros(n, 1).scatter_reduce_(0, batch.unsqueeze(1), e, reduce="sum", include_self=False)
        return e / z[batch]

    def largest(self, h, batch, n):
        e = self.score(h).exp()
        top = torch.zeros(n, 1).scatter_reduce_(0, batch.unsqueeze(1), e, reduce="amax", include_self=False)
        return e / top[batch]
