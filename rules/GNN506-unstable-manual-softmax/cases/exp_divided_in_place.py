# A softmax divided in place: `e /= e.sum(...)` reads `e` before the store, i.e. the unshifted exp,
# like `e = e / e.sum(...)`. With the max subtracted first it is the stable softmax.
import numpy as np
import torch


def softmax(z):
    e = np.exp(z)  # error: [unstable-manual-softmax]
    e /= e.sum(axis=1, keepdims=True)
    return e


def softmax_np_sum(z):
    e = np.exp(z)  # error: [unstable-manual-softmax]
    e /= np.sum(e, axis=1, keepdims=True)
    return e


def attention(scores):
    w = torch.exp(scores)  # error: [unstable-manual-softmax]
    w.div_(w.sum(dim=-1, keepdim=True))
    return w


def softmax_shifted(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    e /= e.sum(axis=1, keepdims=True)
    return e
