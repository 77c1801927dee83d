# Modelled on GCA's degree_drop_weights: the degree is counted over the endpoints of the undirected
# edge list and read back at the endpoints of the original edges. Every edge of the original list is
# in the undirected one, so each degree read counts at least that edge: log never meets 0.
# A degree read at arbitrary nodes (every node of the graph) can be 0.
import torch
from torch_geometric.utils import degree, to_undirected


def edge_weights(edges):
    both = to_undirected(edges)
    counts = degree(both[1])
    at_target = counts[edges[1]].to(torch.float32)
    logs = torch.log(at_target)
    return (logs.max() - logs) / (logs.max() - logs.mean())


def node_weights(edges, n):
    counts = degree(to_undirected(edges)[1], n)
    return torch.log(counts[torch.arange(n)])  # error: [unguarded-log]
