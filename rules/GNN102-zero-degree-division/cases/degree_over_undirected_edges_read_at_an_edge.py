# A degree counted over the endpoints of `to_undirected(edges)` holds every edge of `edges` in both
# directions: read back at either endpoint row of `edges`, each entry counts at least that edge, so its
# inverse square root is finite. Read at every node, an isolated node gives inf.
import torch
from torch_geometric.utils import degree, to_undirected


def edge_norm(edges):
    sym = to_undirected(edges)
    d = degree(sym[1])
    return d[edges[0]].pow(-0.5) * d[edges[1]].pow(-0.5)


def node_norm(edges, n):
    d = degree(to_undirected(edges)[1], n)
    return d[torch.arange(n)].pow(-0.5)  # error: [zero-degree-division]
