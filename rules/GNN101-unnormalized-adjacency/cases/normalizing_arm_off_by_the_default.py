# Modelled on explainer and benchmark repositories whose preprocessing helper normalizes only when
# a flag asks for it (`def preprocess_adj(adj, norm=False)`) and whose scripts call it without the
# flag: every call takes the raw arm, so the 0/1 matrix reaches propagation. The call that passes
# `norm=True` gets the normalized arm and stays quiet; so does a call whose flag is not a literal.
import numpy as np
import scipy.sparse as sp
import torch


def sym_normalized(adj):
    d = np.power(np.array(adj.sum(1)), -0.5).flatten()
    d[np.isinf(d)] = 0.0
    m = sp.diags(d)
    return adj.dot(m).transpose().dot(m).tocoo()


def preprocess_adj(adj, norm=False):
    if norm:
        return sym_normalized(adj + sp.eye(adj.shape[0]))
    else:
        return sp.coo_matrix(adj)


def as_dense(adj, norm=False):
    if not norm:
        return torch.FloatTensor(np.array(adj.todense()))
    return torch.FloatTensor(np.array(sym_normalized(adj + sp.eye(adj.shape[0])).todense()))


def graph_from(pairs, n):
    return sp.coo_matrix((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])), shape=(n, n))


def propagate_with_the_default(pairs, n, x, w):
    support = preprocess_adj(graph_from(pairs, n))
    a = torch.FloatTensor(np.array(support.todense()))
    return torch.relu(a @ x @ w)  # error: [unnormalized-adjacency]


def propagate_with_the_flag_left_off_early(pairs, n, x, w):
    a = as_dense(graph_from(pairs, n))
    return torch.relu(a @ x @ w)  # error: [unnormalized-adjacency]


def propagate_normalized(pairs, n, x, w):
    support = preprocess_adj(graph_from(pairs, n), norm=True)
    a = torch.FloatTensor(np.array(support.todense()))
    return torch.relu(a @ x @ w)


def propagate_normalized_early(pairs, n, x, w):
    a = as_dense(graph_from(pairs, n), True)
    return torch.relu(a @ x @ w)


def propagate_as_configured(pairs, n, x, w, flag):
    support = preprocess_adj(graph_from(pairs, n), norm=flag)
    a = torch.FloatTensor(np.array(support.todense()))
    return torch.relu(a @ x @ w)
