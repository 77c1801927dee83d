# Modelled on DGL-LifeSci's GIN pre-training scripts: the library's ready-made GIN adds up each
# atom's neighbour messages with `fn.sum`, unnormalised and with no other aggregation on offer, so a
# step without clipping is at risk, as with a GIN stack built from layers.
import torch
from dgllife.model.gnn.gin import GIN


def train(model, loader, optimizer):
    for graph, atoms, bonds, target in loader:
        loss = torch.nn.functional.cross_entropy(model(graph, atoms, bonds), target)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()  # warning: [missing-gradient-clipping]


encoder = GIN(num_node_emb_list=[119, 4], num_edge_emb_list=[6, 3], num_layers=5, emb_dim=300)
train(encoder, [], torch.optim.Adam(encoder.parameters(), lr=1e-3))
