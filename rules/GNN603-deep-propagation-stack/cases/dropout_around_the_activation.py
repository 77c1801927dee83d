# Modelled on deep GCN baselines that write each hidden step as one call, dropout around the
# activation around the convolution (`x = F.dropout(F.relu(conv(x, ei)), p, training)`): the
# stack is as deep as when the three are written on separate lines. The same model adding each
# step to its input (a residual connection) is fine.
import torch.nn as nn
import torch.nn.functional as F
from torch_geometric.nn import GCNConv


class DeepGCN(nn.Module):
    def __init__(self, nin, nh, nc, depth=6):
        super().__init__()
        self.inp = GCNConv(nin, nh)
        self.hidden = nn.ModuleList([GCNConv(nh, nh) for _ in range(depth)])
        self.out = GCNConv(nh, nc)

    def forward(self, x, edge_index):
        x = F.relu(self.inp(x, edge_index))  # warning: [deep-propagation-stack]
        for conv in self.hidden:
            x = F.dropout(F.relu(conv(x, edge_index)), p=0.5, training=self.training)
        return self.out(x, edge_index)


class ResidualGCN(DeepGCN):
    def forward(self, x, edge_index):
        x = F.relu(self.inp(x, edge_index))
        for conv in self.hidden:
            x = x + F.dropout(F.relu(conv(x, edge_index)), p=0.5, training=self.training)
        return self.out(x, edge_index)
