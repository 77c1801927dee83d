# A draw stored on self and then wrapped in place (`self.w = tf.Variable(self.w)`) is still the
# initialisation: wrapping makes the values trainable and sets none of them. Its uses decide what
# it is: multiplied into the input features it is a kernel with a fan-in; only looked up by index
# it is an embedding table, where U(-1, 1) is the usual start.
import tensorflow as tf


class AttributeEmbedding:
    def __init__(self, nodes, attributes, dim):
        self.node_table = tf.random_uniform([nodes, dim], -1.0, 1.0)
        self.node_table = tf.Variable(self.node_table, dtype=tf.float32)
        self.projection = tf.random_uniform([attributes, dim], -1.0, 1.0)  # warning: [unscaled-init]
        self.projection = tf.Variable(self.projection, dtype=tf.float32)

    def embed(self, ids, sparse_attributes):
        rows = tf.nn.embedding_lookup(self.node_table, ids, max_norm=1)
        return rows + tf.sparse_tensor_dense_matmul(sparse_attributes, self.projection)
