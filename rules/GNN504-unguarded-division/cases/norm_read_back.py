# Modelled on a Lanczos basis and on capsule squash functions: the norm reaches the division
# through a name or through the array element it was stored in, and a column (or a capsule)
# that is exactly zero still gives 0 / 0 = NaN.
import numpy as np
import torch


def basis(L, X, K):
    n = X.shape[1]
    b = np.zeros((K, n))
    V = np.empty((K,) + X.shape)
    V[0] = X / (np.linalg.norm(X, axis=0) + 1e-12)
    for k in range(K - 1):
        W = L.dot(V[k])
        b[k + 1, :] = np.linalg.norm(W, axis=0)
        V[k + 1] = W / b[k + 1, :]  # warning: [unguarded-division]
    return V


def squash(s):
    sq = torch.sum(s ** 2, dim=2, keepdim=True)
    length = torch.sqrt(sq)  # warning: [unguarded-sqrt]
    return sq / (1.0 + sq) * (s / length)  # warning: [unguarded-division]


def squash_safe(s):
    sq = torch.sum(s ** 2, dim=2, keepdim=True)
    length = torch.sqrt(sq + 1e-9)
    return sq / (1.0 + sq) * (s / length)
