# Modelled on DGL's GNNExplainer (python/dgl/nn/pytorch/explain/gnnexplainer.py): an optimizer over a
# list of tensors that scale the input features and the edge weights of a frozen model entry by entry
# is fitting an explanation, not training a network. A list of tensors multiplied into the input as
# matrices is a hand-written network, whatever either list's tensors are called.
import torch
from torch import nn


def explain(model, graph, feat, epochs=100):
    weight = nn.Parameter(torch.randn(1, feat.size(1)) * 0.1)
    layer = nn.Parameter(torch.randn(graph.num_edges()) * 0.1)
    optimizer = torch.optim.Adam([weight, layer], lr=0.01)
    for _ in range(epochs):
        optimizer.zero_grad()
        h = feat * weight.sigmoid()
        loss = -model(graph, h, eweight=layer.sigmoid()).log_softmax(-1)[0, 0]
        loss.backward()
        optimizer.step()
    return weight.detach().sigmoid(), layer.detach().sigmoid()


def fit(feat, target, hidden=16, epochs=100):
    feat_mask = nn.init.xavier_uniform_(torch.empty(feat.size(1), hidden)).requires_grad_()
    edge_mask = torch.zeros(hidden, requires_grad=True)
    optimizer = torch.optim.Adam([feat_mask, edge_mask], lr=0.01)
    for _ in range(epochs):
        optimizer.zero_grad()
        loss = ((feat @ feat_mask + edge_mask) - target).pow(2).mean()
        loss.backward()
        optimizer.step()  # info: [missing-gradient-clipping]
