# A loop whose length comes from the arguments (one message network per edge type) is not a
# stack of unknown depth when one pass of it applies two layers: a tanh between the first and the
# second layer of the same pass is a hidden activation however often the loop runs. A loop that
# applies one layer per pass stacks as deep as its arguments say: the next pass is not shown.
import torch
from torch import nn
import torch.nn.functional as F


class EdgeTypeMessages(nn.Module):
    def __init__(self, types, hid, first):
        super().__init__()
        self.first = first
        self.inner = nn.ModuleList([nn.Linear(2 * hid, hid) for _ in range(types)])
        self.outer = nn.ModuleList([nn.Linear(hid, hid) for _ in range(types)])

    def forward(self, pairs, kinds):
        total = 0
        begin = 1 if self.first else 0
        for t in range(begin, len(self.outer)):
            m = torch.tanh(self.inner[t](pairs))  # info: [saturating-hidden-activation]
            m = F.dropout(m, p=0.1)
            total = total + kinds[:, :, t:t + 1] * torch.relu(self.outer[t](m))
        return total


class DepthFromArguments(nn.Module):
    def __init__(self, hid, depth):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(hid, hid) for _ in range(depth)])

    def forward(self, h):
        for layer in self.layers:
            h = torch.tanh(layer(h))
        return h
