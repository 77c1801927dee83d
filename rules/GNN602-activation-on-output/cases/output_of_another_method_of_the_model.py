# Modelled on link-prediction scripts and attack/defence libraries: the prediction comes from a
# method of the model other than `forward` (`model.decode(z, pairs)`, `self.predict(x)` in the
# class's own fitting loop), or from an explicit `model.forward(...)`. Such a method runs the same
# layers as `forward`, so a ReLU on what it returns is what the loss receives.
import torch
import torch.nn.functional as F
from torch import nn
from torch_geometric.nn import GCNConv


class LinkModel(nn.Module):
    def __init__(self, d_in, d_hid):
        super().__init__()
        self.conv = GCNConv(d_in, d_hid)

    def forward(self, x, edge_index):
        return self.conv(x, edge_index)

    def decode(self, z, pairs):
        return F.relu((z[pairs[0]] * z[pairs[1]]).sum(dim=-1))  # warning: [activation-on-output]

    def decode_raw(self, z, pairs):
        return (z[pairs[0]] * z[pairs[1]]).sum(dim=-1)


class SelfFitting(nn.Module):
    def __init__(self, d_in, n_classes):
        super().__init__()
        self.conv = GCNConv(d_in, n_classes)

    def forward(self, x, edge_index):
        return self.conv(x, edge_index)

    def scores(self, x, edge_index):
        h = self.conv(x, edge_index)
        return F.elu(h)  # warning: [activation-on-output]

    def fit(self, data, optimizer):
        for _ in range(100):
            optimizer.zero_grad()
            out = self.scores(data.x, data.edge_index)
            F.cross_entropy(out[data.train_mask], data.y[data.train_mask]).backward()
            optimizer.step()


class ReluForward(nn.Module):
    def __init__(self, d_in):
        super().__init__()
        self.conv = GCNConv(d_in, 1)

    def forward(self, x, edge_index):
        return F.relu(self.conv(x, edge_index))  # warning: [activation-on-output]


def train_links(data, optimizer):
    model = LinkModel(16, 32)
    z = model(data.x, data.edge_index)
    logits = model.decode(z, data.edge_label_index)
    F.binary_cross_entropy_with_logits(logits, data.edge_label).backward()
    raw = model.decode_raw(z, data.edge_label_index)
    F.binary_cross_entropy_with_logits(raw, data.edge_label).backward()
    optimizer.step()


def train_regression(data):
    model = ReluForward(16)
    pred = model.forward(data.x, data.edge_index)
    return F.mse_loss(pred.view(-1), data.y)


# A `predict` that returns what `forward` returns, used by the class's own training loop.
class Delegating(nn.Module):
    def __init__(self, d_in, n_classes):
        super().__init__()
        self.conv = GCNConv(d_in, n_classes)

    def forward(self, x, edge_index):
        return F.relu(self.conv(x, edge_index))  # warning: [activation-on-output]

    def predict(self, x, edge_index):
        self.eval()
        return self.forward(x, edge_index)

    def fit(self, data):
        output = self.predict(data.x, data.edge_index)
        return F.nll_loss(F.log_softmax(output, dim=1), data.y)


# Link scores of positive and negative pairs joined before one loss: each part is the scorer's output.
class PairScorer(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.lin = nn.Linear(2 * d, 1)

    def forward(self, h, pairs):
        return F.leaky_relu(self.lin(torch.cat([h[pairs[0]], h[pairs[1]]], dim=-1)))  # warning: [activation-on-output]


def train_pairs(h, pos_pairs, neg_pairs):
    scorer = PairScorer(32)
    pos_score, neg_score = scorer(h, pos_pairs), scorer(h, neg_pairs)
    score = torch.cat([pos_score, neg_score])
    label = torch.cat([torch.ones_like(pos_score), torch.zeros_like(neg_score)])
    return F.binary_cross_entropy_with_logits(score, label)


# A head the model stores on itself and the training script calls directly (`model.predictor(h)`).
class WithHead(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.conv = GCNConv(d, d)
        self.predictor = nn.Sequential(nn.Linear(d, d), nn.ReLU(), nn.Linear(d, 1), nn.ReLU())  # warning: [activation-on-output]

    def forward(self, x, edge_index):
        return self.conv(x, edge_index)


def train_head(data):
    model = WithHead(32)
    h = model(data.x, data.edge_index)
    logits = model.predictor(h[data.src] * h[data.dst]).squeeze(-1)
    return F.binary_cross_entropy_with_logits(logits, data.label)
