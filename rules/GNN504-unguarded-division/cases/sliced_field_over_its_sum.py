# Modelled on a directional graph readout that weights node features by one eigenvector of the
# graph Laplacian, stored as a node field: a column is sliced out of the field, moved to the device,
# and divided by the sum of its absolute values along that one-column axis, i.e. by its own
# magnitude. A node where the eigenvector is 0 (common on symmetric or disconnected graphs) gives
# 0 / 0 = NaN. The slice and the cast keep the field's values, so the field is the same value on
# both sides; an epsilon guards it.
import torch


def directional_readout(g, h, device):
    column = g.ndata["eig"][:, 1:2].to(device)
    g.ndata["dir"] = h * column / torch.sum(torch.abs(column), dim=1, keepdim=True)  # warning: [unguarded-division]
    return g.ndata["dir"]


def directional_readout_inline(graph, feats, dev):
    graph.ndata["dir"] = feats * graph.ndata["eig"][:, 1:2].to(dev) / torch.sum(  # warning: [unguarded-division]
        torch.abs(graph.ndata["eig"][:, 1:2].to(dev)), dim=1, keepdim=True)
    return graph.ndata["dir"]


def directional_readout_guarded(g, h, device):
    column = g.ndata["eig"][:, 1:2].to(device)
    return h * column / (torch.sum(torch.abs(column), dim=1, keepdim=True) + 1e-8)


def other_field(g, h, device):
    return h * g.ndata["eig"][:, 1:2].to(device) / torch.sum(torch.abs(g.ndata["pos"].to(device)), dim=1, keepdim=True)


def unit_edge_vectors(edge_index, edge_vec):
    # the rows a mask picks are the ones chosen to be nonzero (edges between distinct atoms)
    keep = edge_index[0] != edge_index[1]
    edge_vec[keep] = edge_vec[keep] / torch.norm(edge_vec[keep], dim=1).unsqueeze(1)
    return edge_vec
