# Modelled on NumPy GNN tutorials that write the softmax out with its row sum bound to a name first
# (`s = e.sum(axis=1, keepdims=True)`, then `e / s`, or `e / s[:, None]`): the same softmax as
# `e / e.sum(...)`, whose target-class probability can round to 0 and give -inf in the log. Values
# divided by the sum of other values are not a softmax and stay quiet.
import numpy as np


def nll_named(scores, labels):
    e = np.exp(scores - scores.max(axis=1, keepdims=True))
    s = e.sum(axis=1, keepdims=True)
    p = e / s
    return -np.log(p[np.arange(len(labels)), labels]).mean()  # error: [unguarded-log]


def nll_reshaped(scores, labels):
    e = np.exp(scores - scores.max(axis=1, keepdims=True))
    total = e.sum(axis=1)
    p = e / total[:, None]
    return -np.log(p[np.arange(len(labels)), labels]).mean()  # error: [unguarded-log]


def ratio_of_other_sums(scores, weights, labels):
    e = np.exp(scores - scores.max(axis=1, keepdims=True))
    s = weights.sum(axis=1, keepdims=True)
    p = e / s
    return -np.log(p[np.arange(len(labels)), labels]).mean()
