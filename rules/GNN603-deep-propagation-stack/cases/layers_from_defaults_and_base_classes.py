# A stack whose depth is set by constructor defaults (a layer class and a literal list of widths)
# or by what a subclass passes to `super().__init__`: the loop over the layer list has a known
# length, so the number of convolutions in sequence is known. A residual around each
# convolution keeps node features apart; a shallow subclass stays under the limit.
import torch
import torch.nn.functional as F
from torch_geometric.nn import GCNConv, GraphConv


class Deep(torch.nn.Module):
    def __init__(self, c, conv_cls=GCNConv, dims=[64, 64, 64, 64, 64, 64]):
        super().__init__()
        self.layers = torch.nn.ModuleList([conv_cls(c, dims[0])])
        for i in range(len(dims) - 1):
            self.layers.append(conv_cls(dims[i], dims[i + 1]))

    def forward(self, x, edge_index):
        for layer in self.layers:
            x = F.relu(layer(x, edge_index))  # warning: [deep-propagation-stack]
        return x


class DeepGraphConv(Deep):
    def __init__(self, c):
        super(DeepGraphConv, self).__init__(c, GraphConv, [32, 32, 32, 32, 32, 32, 32])

    def forward(self, x, edge_index):
        for layer in self.layers:
            x = layer(x, edge_index).relu()  # warning: [deep-propagation-stack]
        return x


class Shallow(Deep):
    def __init__(self, c):
        super().__init__(c, dims=[64, 64])

    def forward(self, x, edge_index):
        for layer in self.layers:
            x = F.relu(layer(x, edge_index))
        return x


class Residual(Deep):
    def forward(self, x, edge_index):
        x = F.relu(self.layers[0](x, edge_index))
        for layer in self.layers[1:]:
            x = x + F.relu(layer(x, edge_index))
        return x
