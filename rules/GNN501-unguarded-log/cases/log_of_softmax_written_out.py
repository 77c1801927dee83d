# Modelled on NumPy GNN tutorials that write the softmax out (shifted by the row maximum, so it
# does not overflow) in a helper and take the log of the target class's probability in the loss:
# the shift stops overflow, not underflow, and a probability that rounds to 0 gives -inf. The
# helper's output with an epsilon added, or the log-softmax written out, stays quiet.
import numpy as np


def stable_softmax(z):
    shifted = z - z.max(axis=1, keepdims=True)
    e = np.exp(shifted)
    return e / e.sum(axis=1, keepdims=True)


def log_softmax(z):
    shifted = z - z.max(axis=1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


def nll(scores, labels):
    n = scores.shape[0]
    probs = stable_softmax(scores)
    return -np.log(probs[np.arange(n), labels]).mean()  # error: [unguarded-log]


def guarded_nll(scores, labels):
    n = scores.shape[0]
    probs = stable_softmax(scores)
    return -np.log(probs[np.arange(n), labels] + 1e-12).mean()


def fused_nll(scores, labels):
    n = scores.shape[0]
    return -log_softmax(scores)[np.arange(n), labels].mean()


def row_log(counts):
    e = np.exp(counts)
    return np.log(e)
