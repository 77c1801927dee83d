# The additive mask however it is added: `dense = dense + mask` and `dense += mask` are the same
# value, and a mask built with masked_fill on zeros is as huge a negative as -1e9 * (1 - adj).
import torch
import torch.nn.functional as F


def attend(scores, adj):
    mask = (1.0 - adj) * -1e9
    dense = scores.clone()
    dense += mask
    return F.softmax(dense, dim=-1)  # warning: [fully-masked-softmax]


def attend_masked_fill(scores, adj):
    bias = torch.zeros_like(scores).masked_fill(adj == 0, float("-inf"))
    scores += bias
    return F.softmax(scores, dim=-1)  # warning: [fully-masked-softmax]

