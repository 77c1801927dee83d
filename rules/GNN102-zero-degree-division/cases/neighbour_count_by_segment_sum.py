import tensorflow as tf
import torch


def mean_tf(x, senders, receivers, n):
    summed = tf.math.unsorted_segment_sum(tf.gather(x, senders), receivers, n)
    counts = tf.math.unsorted_segment_sum(tf.ones_like(receivers, dtype=x.dtype), receivers, n)
    return summed / counts[:, None]  # error: [zero-degree-division]


def mean_tf_guarded(x, senders, receivers, n):
    summed = tf.math.unsorted_segment_sum(tf.gather(x, senders), receivers, n)
    counts = tf.math.unsorted_segment_sum(tf.ones_like(receivers, dtype=x.dtype), receivers, n)
    return tf.math.divide_no_nan(summed, counts[:, None])


def mean_torch_guarded(h, index, n):
    total = torch.zeros(n, h.size(1)).index_add_(0, index, h)
    hits = torch.zeros(n).scatter_add(0, index, torch.ones_like(index, dtype=h.dtype))
    return total / hits.clamp(min=1).unsqueeze(-1)
