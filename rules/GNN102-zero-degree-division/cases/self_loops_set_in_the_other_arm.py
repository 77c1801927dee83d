# Modelled on a normaliser with one arm per matrix type (nocd normalize_adj): the SciPy arm sets the
# diagonal before taking the degree, the tensor arm does not. What one arm of an if/elif does to the
# matrix never reaches the other arm, so the tensor arm's degree may be 0.
import numpy as np
import scipy.sparse as sp
import torch


def normalize(a):
    if sp.isspmatrix(a):
        a = a.tolil()
        a.setdiag(1)
        a = a.tocsr()
        d = np.ravel(a.sum(1))
        inv = 1 / np.sqrt(d)
        out = a.multiply(inv[:, None]).multiply(inv[None, :])
    elif torch.is_tensor(a):
        d = a.sum(1)
        inv = 1 / torch.sqrt(d)  # error: [zero-degree-division]
        out = a * inv[:, None] * inv[None, :]
    return out


def normalize_both(a):
    if sp.isspmatrix(a):
        a = a.tolil()
        a.setdiag(1)
        a = a.tocsr()
        d = np.ravel(a.sum(1))
        inv = 1 / np.sqrt(d)
        out = a.multiply(inv[:, None]).multiply(inv[None, :])
    else:
        a = a + torch.eye(a.shape[0])
        d = a.sum(1)
        inv = 1 / torch.sqrt(d)
        out = a * inv[:, None] * inv[None, :]
    return out


def normalize_after(a):
    if sp.isspmatrix(a):
        a = a.tolil()
        a.setdiag(1)
        a = a.toarray()
    else:
        a = a + torch.eye(a.shape[0])
    d = a.sum(1)
    inv = 1 / np.sqrt(d)
    return a * inv[:, None] * inv[None, :]


def propagate(a, x, steps):
    # In a loop the arms alternate across passes: from the second pass on, the else arm reads the
    # matrix the first pass gave self-loops.
    for step in range(steps):
        if step == 0:
            a = a + np.eye(a.shape[0])
        else:
            d = a.sum(1)
            inv = 1 / np.sqrt(d)
            x = (a * inv[:, None] * inv[None, :]) @ x
    return x
