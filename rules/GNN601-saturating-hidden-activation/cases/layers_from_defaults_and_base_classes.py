# Modelled on matrix-completion and graph-classification code whose base class builds its
# convolutions from constructor defaults (a layer class and a literal list of widths) and whose
# subclasses reach them through `super().__init__`: the loop over the layer list has a known
# length, so the tanh after each convolution is the input of the next one on the next pass.
# A name used as a gate or passed to a softmax after the loop (`x[:, 0] * self.scale`,
# `log_softmax(x)`) holds another value there, so the tanh inside the loop is no gate. A stack of
# one layer, a tanh that gates another value, and widths that only the caller knows stay quiet.
import torch
import torch.nn.functional as F
from torch_geometric.nn import GCNConv, RGCNConv, SAGEConv


class Stack(torch.nn.Module):
    def __init__(self, data, gconv=GCNConv, latent=[32, 32, 32, 1]):
        super(Stack, self).__init__()
        self.convs = torch.nn.ModuleList()
        self.convs.append(gconv(data.num_features, latent[0]))
        for i in range(0, len(latent) - 1):
            self.convs.append(gconv(latent[i], latent[i + 1]))

    def forward(self, data):
        x, edge_index = data.x, data.edge_index
        states = []
        for conv in self.convs:
            x = torch.tanh(conv(x, edge_index))  # info: [saturating-hidden-activation]
            states.append(x)
        return torch.cat(states, 1)


class SortPooled(Stack):
    def __init__(self, data, gconv=GCNConv, latent=[32, 32, 32, 1], k=30):
        super(SortPooled, self).__init__(data, gconv, latent)
        self.k = k
        self.lin = torch.nn.Linear(k * sum(latent), data.num_classes)

    def forward(self, data):
        x, edge_index = data.x, data.edge_index
        states = []
        for conv in self.convs:
            x = torch.tanh(conv(x, edge_index))  # info: [saturating-hidden-activation]
            states.append(x)
        x = self.lin(torch.cat(states, 1)[:, : self.k].flatten())
        return F.log_softmax(x, dim=-1)


class Relational(Stack):
    def __init__(self, data, gconv=RGCNConv, latent=[32, 32, 32, 32], num_relations=5):
        super().__init__(data, GCNConv, latent)
        self.convs = torch.nn.ModuleList()
        self.convs.append(gconv(data.num_features, latent[0], num_relations))
        for i in range(len(latent) - 1):
            self.convs.append(gconv(latent[i], latent[i + 1], num_relations))
        self.lin = torch.nn.Linear(sum(latent), 1)
        self.scale = 5.0

    def forward(self, data):
        x, edge_index, edge_type = data.x, data.edge_index, data.edge_type
        states = []
        for conv in self.convs:
            x = torch.tanh(conv(x, edge_index, edge_type))  # info: [saturating-hidden-activation]
            states.append(x)
        x = self.lin(torch.cat(states, 1))
        return x[:, 0] * self.scale


# The same model under other names: a tuple of widths, another layer class.
class Encoder(torch.nn.Module):
    def __init__(self, c, layer_type=SAGEConv, widths=(64, 64, 64)):
        super().__init__()
        self.blocks = torch.nn.ModuleList()
        self.blocks.append(layer_type(c, widths[0]))
        for j in range(len(widths) - 1):
            self.blocks.append(layer_type(widths[j], widths[j + 1]))

    def forward(self, h, adj):
        for block in self.blocks:
            h = torch.tanh(block(h, adj))  # info: [saturating-hidden-activation]
        return h


class DeeperEncoder(Encoder):
    def forward(self, h, adj):
        for block in self.blocks:
            h = block(h, adj).tanh()  # info: [saturating-hidden-activation]
        return h


# One layer: the tanh is the output, not a hidden activation.
class Single(Stack):
    def __init__(self, data):
        super().__init__(data, latent=[16])

    def forward(self, data):
        x = data.x
        for conv in self.convs:
            x = torch.tanh(conv(x, data.edge_index))
        return x


# The tanh scales the layer's output: a gate, by its use.
class Gated(Stack):
    def forward(self, data):
        x = data.x
        for conv in self.convs:
            h = conv(x, data.edge_index)
            x = h * torch.tanh(h)
        return x


# The widths come from the caller: how many layers run is not known here.
class Unknown(torch.nn.Module):
    def __init__(self, c, latent, gconv=GCNConv):
        super().__init__()
        self.convs = torch.nn.ModuleList([gconv(c, latent[0])])
        for i in range(len(latent) - 1):
            self.convs.append(gconv(latent[i], latent[i + 1]))

    def forward(self, x, edge_index):
        for conv in self.convs:
            x = torch.tanh(conv(x, edge_index))
        return x
