import tensorflow as tf


def normalize(adj):
    deg = tf.reduce_sum(adj, axis=1)
    d = tf.pow(deg, -0.5)  # error: [zero-degree-division]
    return adj * d[:, None] * d[None, :]
