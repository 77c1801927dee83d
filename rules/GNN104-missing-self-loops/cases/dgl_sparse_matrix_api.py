# DGL's sparse matrix API (`dgl.sparse`): a matrix built at a graph's edge pairs with `spmatrix`,
# normalized with a sparse diagonal of its row sums. The renormalization trick adds `identity`
# first; a matrix normalized without it drops each node's own features.
import dgl.sparse as dglsp
import torch
from dgl.data import CoraGraphDataset


def normalized(loops):
    g = CoraGraphDataset()[0]
    pairs = torch.stack(g.edges())
    n = g.num_nodes()
    a = dglsp.spmatrix(pairs, shape=(n, n))
    if loops:
        a_hat = a + dglsp.identity(a.shape)
        d_hat = dglsp.diag(a_hat.sum(1)) ** -0.5
        return d_hat @ a_hat @ d_hat
    d = dglsp.diag(a.sum(1)) ** -0.5
    return d @ a @ d  # warning: [missing-self-loops]
