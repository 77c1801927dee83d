# Modelled on a graph classifier's pre-training loop: the epoch function picks its per-batch
# function with a conditional expression (`one_batch = fit if phase == "train" else score`) and
# calls that name, so the training step is reached only through the choice. Its model and optimizer
# are what the epoch's callers pass: the edge model that adds up its messages with no normalisation
# is at risk; the look-alike step, picked the same way, trains only the plain model and stays info.
import torch
from torch import nn


def scatter_total(values, index, count):
    out = values.new_zeros((count, values.size(1)))
    out.index_add_(0, index, values)
    return out


class EdgeSum(nn.Module):
    def __init__(self, width):
        super().__init__()
        self.message = nn.Sequential(nn.Linear(2 * width, width), nn.SiLU())
        self.readout = nn.Linear(width, 1)

    def forward(self, h, edges):
        src, dst = edges
        messages = self.message(torch.cat([h[src], h[dst]], dim=1))
        return self.readout(scatter_total(messages, src, h.size(0))).sum()


class NodeMLP(nn.Module):
    def __init__(self, width):
        super().__init__()
        self.layers = nn.Sequential(nn.Linear(width, width), nn.ReLU(), nn.Linear(width, 1))

    def forward(self, h, edges):
        return self.layers(h).mean()


def fit_batch(batch, net, opt):
    h, edges, target = batch
    loss = (net(h, edges) - target).abs()
    opt.zero_grad()
    loss.backward()
    opt.step()  # warning: [missing-gradient-clipping]
    return loss.item()


@torch.no_grad()
def score_batch(batch, net, opt=None):
    h, edges, target = batch
    return (net(h, edges) - target).abs().item()


def run_epoch(loader, net, opt, phase):
    one_batch = fit_batch if phase == "train" else score_batch
    return [one_batch(batch, net, opt) for batch in loader]


def fit_node_batch(batch, net, opt):
    h, edges, target = batch
    loss = (net(h, edges) - target).abs()
    opt.zero_grad()
    loss.backward()
    opt.step()  # info: [missing-gradient-clipping]
    return loss.item()


@torch.no_grad()
def score_node_batch(batch, net, opt=None):
    h, edges, target = batch
    return (net(h, edges) - target).abs().item()


def run_node_epoch(loader, net, opt, phase):
    one_batch = fit_node_batch if phase == "train" else score_node_batch
    return [one_batch(batch, net, opt) for batch in loader]


def main(train_loader, valid_loader, epochs=50):
    net = EdgeSum(16)
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    baseline = NodeMLP(16)
    baseline_opt = torch.optim.Adam(baseline.parameters(), lr=1e-3)
    for _ in range(epochs):
        run_epoch(train_loader, net, opt, "train")
        run_epoch(valid_loader, net, None, "valid")
        run_node_epoch(train_loader, baseline, baseline_opt, "train")
        run_node_epoch(valid_loader, baseline, None, "valid")
