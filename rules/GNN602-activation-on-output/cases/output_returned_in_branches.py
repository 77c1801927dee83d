# Modelled on node classifiers that pick their output by a flag in `forward`: one arm returns the
# last layer's raw scores, the other a ReLU of them, and that output goes to a crossentropy that
# expects raw logits: whenever the flag is off, the logits are clipped. The model
# whose arms both return raw scores or the squashing its loss expects is fine, and so is a hidden
# embedding returned when a call-time option of `forward` asks for it (the loss's caller does not).
import torch.nn.functional as F
from torch import nn
from torch_geometric.nn import GCNConv


class FlagHead(nn.Module):
    def __init__(self, d, h, c, multi_label):
        super().__init__()
        self.first = GCNConv(d, h)
        self.last = GCNConv(h, c)
        self.multi_label = multi_label

    def forward(self, x, edge_index):
        h = F.relu(self.first(x, edge_index))
        h = self.last(h, edge_index)
        if self.multi_label:
            return h
        else:
            return F.relu(h)  # warning: [activation-on-output]


class RawOrLogProbabilities(nn.Module):
    def __init__(self, d, h, c, as_log_probabilities):
        super().__init__()
        self.first = GCNConv(d, h)
        self.last = GCNConv(h, c)
        self.as_log_probabilities = as_log_probabilities

    def forward(self, x, edge_index):
        h = F.relu(self.first(x, edge_index))
        h = self.last(h, edge_index)
        if self.as_log_probabilities:
            return F.log_softmax(h, dim=1)
        return h


class HiddenOnRequest(nn.Module):
    def __init__(self, d, h, c):
        super().__init__()
        self.first = GCNConv(d, h)
        self.last = GCNConv(h, c)

    def forward(self, x, edge_index, embed=False):
        h = F.relu(self.first(x, edge_index))
        if embed:
            return h
        return self.last(h, edge_index)


def train(data, multi_label):
    flagged = FlagHead(data.num_features, 32, 7, multi_label)
    loss = F.cross_entropy(flagged(data.x, data.edge_index)[data.train_mask], data.y[data.train_mask])
    plain = RawOrLogProbabilities(data.num_features, 32, 7, True)
    out = plain(data.x, data.edge_index)
    loss = loss + F.nll_loss(out[data.train_mask], data.y[data.train_mask])
    on_request = HiddenOnRequest(data.num_features, 32, 7)
    return loss + F.cross_entropy(on_request(data.x, data.edge_index), data.y)
