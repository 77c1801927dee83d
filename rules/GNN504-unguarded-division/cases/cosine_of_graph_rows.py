# Modelled on structure-learning code that proposes candidate edges by the cosine similarity of
# node rows, written by hand as dot products over the product of the row norms. Whether the rows
# are features or the rows of an adjacency (here built from stored pairs and densified), a cosine
# similarity is no degree normalisation: an all-zero row (a featureless or isolated node) gives
# 0 / 0 = NaN. The cosine with an epsilon is safe.
import numpy as np
import torch


def candidate_edges(path, n, k):
    pairs = torch.from_numpy(np.load(path))
    a = torch.sparse_coo_tensor(pairs, torch.ones(pairs.shape[1]), (n, n)).to_dense()
    found = []
    for i in range(n):
        s = torch.div(torch.matmul(a[i], a.T), a[i].norm() * a.norm(dim=1))  # warning: [unguarded-division]
        found.append(s.topk(k).indices)
    return found


def candidate_edges_eps(path, n, k):
    pairs = torch.from_numpy(np.load(path))
    a = torch.sparse_coo_tensor(pairs, torch.ones(pairs.shape[1]), (n, n)).to_dense()
    return [torch.div(torch.matmul(a[i], a.T), a[i].norm() * a.norm(dim=1) + 1e-8).topk(k).indices
            for i in range(n)]
