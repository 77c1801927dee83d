# Modelled on PyG's examples/compile/gcn.py: the dataset's transform precomputes the GCN edge
# weights, and both layers turn their own normalization off; the first is given the weights, the
# second only the edge index, so it sums its neighbours' messages raw (each judged by its calls).
import torch
import torch_geometric.transforms as T
from torch_geometric.datasets import Planetoid
from torch_geometric.nn import GCNConv

dataset = Planetoid("data", name="Cora", transform=T.GCNNorm())
graph = dataset[0]


class TwoLayers(torch.nn.Module):
    def __init__(self, d_in, d_hidden, d_out):
        super().__init__()
        self.first = GCNConv(d_in, d_hidden, normalize=False)
        self.second = GCNConv(d_hidden, d_out, normalize=False)  # error: [unnormalized-adjacency]

    def forward(self, h, links, weights):
        h = self.first(h, links, weights).relu()
        return self.second(h, links)


net = TwoLayers(dataset.num_features, 16, dataset.num_classes)
logits = net(graph.x, graph.edge_index, graph.edge_weight)
