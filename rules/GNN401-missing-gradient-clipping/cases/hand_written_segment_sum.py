# Modelled on EGNN-style property models: each layer adds up its edge messages onto the receiving
# atoms with a helper that scatters them per index and returns the sum as it is, with no degree
# normalisation, so the step below is at risk. Its look-alike, hand_written_segment_mean.py, divides
# by the counts.
import torch
from torch import nn


def per_node_total(values, index, count):
    out = values.new_zeros((count, values.size(1)))
    out.index_add_(0, index, values)
    return out


class EdgeLayer(nn.Module):
    def __init__(self, width):
        super().__init__()
        self.edge = nn.Sequential(nn.Linear(2 * width, width), nn.SiLU())
        self.node = nn.Linear(2 * width, width)

    def forward(self, h, edges):
        src, dst = edges
        messages = self.edge(torch.cat([h[src], h[dst]], dim=1))
        gathered = per_node_total(messages, src, h.size(0))
        return h + self.node(torch.cat([h, gathered], dim=1))


class Net(nn.Module):
    def __init__(self, width, depth):
        super().__init__()
        self.layers = nn.ModuleList([EdgeLayer(width) for _ in range(depth)])
        self.head = nn.Linear(width, 1)

    def forward(self, h, edges):
        for layer in self.layers:
            h = layer(h, edges)
        return self.head(h).sum()


net = Net(64, 7)
opt = torch.optim.Adam(net.parameters(), lr=1e-3)


def fit(batches):
    for h, edges, y in batches:
        opt.zero_grad()
        loss = (net(h, edges) - y).abs()
        loss.backward()
        opt.step()  # warning: [missing-gradient-clipping]
