# Modelled on attention code that saves memory with in-place operations: the scores are turned
# into weights by `scores.exp_()` and then divided by their row sums. The tensor the name holds is
# the `exp` of the scores from that statement on, so this is a softmax written by hand with no
# max shift (not a division of data by its own sum). With the maximum subtracted first, it is safe.
import torch


def attention(scores, values):
    scores.exp_()  # error: [unstable-manual-softmax]
    scores /= scores.sum(dim=-1, keepdim=True)
    return scores @ values


def attention_shifted(scores, values):
    scores = scores - scores.max(dim=-1, keepdim=True).values
    scores.exp_()
    scores /= scores.sum(dim=-1, keepdim=True)
    return scores @ values
