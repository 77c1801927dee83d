# DGL's sparse matrix API: a matrix built with `spmatrix` at a graph's edges and multiplied into the
# features as it is sums them by degree; normalized first, or with the features divided by the
# degree (PageRank's step, A D^-1 written on the vector), it averages.
import dgl.sparse as dglsp
import torch


def summed(g, x):
    n = g.num_nodes()
    a = dglsp.spmatrix(torch.stack(g.edges()), shape=(n, n))
    return a @ x  # error: [unnormalized-adjacency]


def averaged(g, x):
    n = g.num_nodes()
    a = dglsp.spmatrix(torch.stack(g.edges()), shape=(n, n)) + dglsp.identity((n, n))
    d = dglsp.diag(a.sum(1)) ** -1
    return d @ a @ x


def ranked(g, v):
    n = g.num_nodes()
    a = dglsp.spmatrix(torch.stack(g.edges()), shape=(n, n))
    out = a.sum(0).clamp(min=1)
    return a @ (v / out)
