# The additive mask however it is added: `dense = dense + mask` and `dense += mask` are the same
# value, a zeros tensor with -inf written off the graph.
import torch
import torch.nn.functional as F


def attend(scores, adj):
    mask = torch.zeros_like(scores).masked_fill(adj == 0, float("-inf"))
    dense = scores.clone()
    dense += mask
    return F.softmax(dense, dim=-1)  # warning: [fully-masked-softmax]


def attend_masked_fill(scores, adj):
    bias = torch.zeros_like(scores).masked_fill(adj == 0, float("-inf"))
    scores += bias
    return F.softmax(scores, dim=-1)  # warning: [fully-masked-softmax]

