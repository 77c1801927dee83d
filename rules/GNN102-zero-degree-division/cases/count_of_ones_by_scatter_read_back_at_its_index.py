# A degree counted as a scatter sum of ones over the edges' targets (`scatter_add(ones, col)`), the
# way hand-written PyG layers count it, is >= 1 wherever it is read back at `col` itself: each entry
# read counts at least the edge being read. Read at the sources (`deg[row]`) or whole, a node no edge
# points to still gives 1 / 0.
import tensorflow as tf
import torch
from torch_scatter import scatter_add


def edge_weights(x, edge_index):
    row, col = edge_index
    deg = scatter_add(torch.ones_like(col, dtype=x.dtype), col, dim=0, dim_size=x.size(0))
    at_targets = deg[col].pow(-1)
    at_sources = deg[row].pow(-1)  # error: [zero-degree-division]
    return at_targets, at_sources


def segment_weights(seg):
    counts = tf.math.unsorted_segment_sum(tf.ones_like(seg, dtype=tf.float32), seg, num_segments=10)
    return 1.0 / tf.gather(counts, seg), 1.0 / counts  # error: [zero-degree-division]
