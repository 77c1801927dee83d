# Modelled on PyG-style attention layers that normalise non-negative edge scores over each node's
# incoming edges by hand: the scores are summed per node (`scatter_add`, `index_add_`,
# `unsorted_segment_sum`) and the sums read back at the edges. A node whose scores are all 0 (a
# ReLU of negative logits) has sum 0 and its edges get 0 / 0 = NaN. An epsilon guards it. Read back
# at the index it sums over, a sum of scores is no degree in any spelling (torch_scatter, index_add_,
# tf.gather): no isolated node is read, so GNN102 (zero-degree-division) stays out; only a count of
# ones read back that way is >= 1 (GNN102's count_of_ones_by_scatter_read_back_at_its_index).
import tensorflow as tf
import torch
from torch_scatter import scatter_add


def attention(logits, index, num_nodes):
    alpha = torch.relu(logits)
    total = scatter_add(alpha, index, dim=0, dim_size=num_nodes)
    return alpha / total[index]  # warning: [unguarded-division]


def attention_in_place_sum(logits, index, num_nodes):
    alpha = logits.relu()
    total = torch.zeros(num_nodes).index_add_(0, index, alpha)
    return alpha / total[index]  # warning: [unguarded-division]


def attention_tf(logits, receivers, num_nodes):
    alpha = tf.nn.relu(logits)
    total = tf.math.unsorted_segment_sum(alpha, receivers, num_nodes)
    return alpha / tf.gather(total, receivers)  # warning: [unguarded-division]


def attention_guarded(logits, index, num_nodes):
    alpha = torch.relu(logits)
    total = scatter_add(alpha, index, dim=0, dim_size=num_nodes)
    return alpha / (total[index] + 1e-16)


def attention_of_max(logits, index, num_nodes):
    alpha = torch.relu(logits)
    total = torch.zeros(num_nodes).scatter_reduce_(0, index, alpha, reduce="amax")
    return alpha / total[index].clamp(min=1e-12)
