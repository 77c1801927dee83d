# A TensorFlow graph of node embeddings: tables drawn from U(-1, 1) whose rows are only looked up
# by index have no fan-in to scale by; a transform drawn with std 1 and multiplied into the
# features does.
import tensorflow as tf


def build(num_nodes, feature_dim, dim, features, batch):
    table = tf.Variable(tf.random.uniform([num_nodes, dim], -1.0, 1.0))
    transform = tf.Variable(tf.random.truncated_normal([feature_dim, dim], stddev=1.0))  # warning: [unscaled-init]
    rows = tf.nn.embedding_lookup(table, batch)
    return rows + tf.matmul(features, transform)
