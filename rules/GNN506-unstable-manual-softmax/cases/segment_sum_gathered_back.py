# Modelled on TensorFlow GNN layers that write the softmax over each node's incoming edges by hand:
# `exp` of the edge scores, summed per receiving node (`unsorted_segment_sum`), and the sums read
# back onto the edges with `tf.gather` (or `index_select` in PyTorch) before the division. The
# gather only picks rows of the sums: an unshifted score above ~88 still gives inf / inf = NaN.
# The same layer with the per-node maximum subtracted first is safe.
import tensorflow as tf
import torch
from torch_scatter import scatter_add, scatter_max


def edge_softmax(scores, receivers, n_nodes):
    weights = tf.exp(scores)  # error: [unstable-manual-softmax]
    totals = tf.math.unsorted_segment_sum(weights, receivers, n_nodes)
    return weights / tf.gather(totals, receivers)


def edge_softmax_shifted(scores, receivers, n_nodes):
    peaks = tf.math.unsorted_segment_max(scores, receivers, n_nodes)
    weights = tf.exp(scores - tf.gather(peaks, receivers))
    totals = tf.math.unsorted_segment_sum(weights, receivers, n_nodes)
    return weights / tf.gather(totals, receivers)


def edge_softmax_torch(scores, col, n_nodes):
    weights = scores.exp()  # error: [unstable-manual-softmax]
    totals = scatter_add(weights, col, dim=0, dim_size=n_nodes)
    return weights / torch.index_select(totals, 0, col)


def edge_softmax_torch_shifted(scores, col, n_nodes):
    peaks = scatter_max(scores, col, dim=0, dim_size=n_nodes)[0]
    weights = (scores - peaks.index_select(0, col)).exp()
    totals = scatter_add(weights, col, dim=0, dim_size=n_nodes)
    return weights / torch.index_select(totals, 0, col)
