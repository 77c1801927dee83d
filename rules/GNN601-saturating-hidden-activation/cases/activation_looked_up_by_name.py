# Modelled on graph encoders that take their hidden activation from torch's namespace by a string
# (`getattr(nn, name)()`): with "Tanh" the module applied between the two convolutions saturates.
# The same encoder built with "ReLU" does not, and a name nothing fixes stays unknown. An encoder
# that picks its activation with an if-chain on that string builds only the branch it names: a
# "relu" default is no tanh, even though a later branch builds one.
import torch.nn as nn
from torch_geometric.nn import GCNConv


class Encoder(nn.Module):
    def __init__(self, nin, nhid, nout, act="Tanh"):
        super().__init__()
        self.conv1 = GCNConv(nin, nhid)
        self.conv2 = GCNConv(nhid, nout)
        self.act = getattr(nn, act)()

    def forward(self, x, edge_index):
        h = self.act(self.conv1(x, edge_index))  # info: [saturating-hidden-activation]
        return self.conv2(h, edge_index)


class RectifiedEncoder(nn.Module):
    def __init__(self, nin, nhid, nout, act="ReLU"):
        super().__init__()
        self.conv1 = GCNConv(nin, nhid)
        self.conv2 = GCNConv(nhid, nout)
        self.act = getattr(nn, act)()

    def forward(self, x, edge_index):
        h = self.act(self.conv1(x, edge_index))
        return self.conv2(h, edge_index)


class OpenEncoder(nn.Module):
    def __init__(self, nin, nhid, nout, act):
        super().__init__()
        self.conv1 = GCNConv(nin, nhid)
        self.conv2 = GCNConv(nhid, nout)
        self.act = getattr(nn, act)()

    def forward(self, x, edge_index):
        h = self.act(self.conv1(x, edge_index))
        return self.conv2(h, edge_index)


class BranchedEncoder(nn.Module):
    def __init__(self, nin, nhid, nout, act="tanh"):
        super().__init__()
        self.conv1 = GCNConv(nin, nhid)
        self.conv2 = GCNConv(nhid, nout)
        if act == "relu":
            self.act = nn.ReLU()
        elif act in ("tanh", "Tanh"):
            self.act = nn.Tanh()
        else:
            self.act = nn.Identity()

    def forward(self, x, edge_index):
        h = self.act(self.conv1(x, edge_index))  # info: [saturating-hidden-activation]
        return self.conv2(h, edge_index)


class BranchedRectifiedEncoder(nn.Module):
    def __init__(self, nin, nhid, nout, act="relu"):
        super().__init__()
        self.conv1 = GCNConv(nin, nhid)
        self.conv2 = GCNConv(nhid, nout)
        if act == "relu":
            self.act = nn.ReLU()
        elif act == "tanh":
            self.act = nn.Tanh()

    def forward(self, x, edge_index):
        h = self.act(self.conv1(x, edge_index))
        return self.conv2(h, edge_index)
