# A Keras custom layer takes its inputs as one list, `layer([x, a])`, and unpacks or indexes it in
# `call`. The list written out at the call says what each position holds: the raw adjacency of a
# networkx graph reaches `K.dot(a, ...)`. The look-alike passes the symmetric-normalized matrix.
import networkx as nx
import numpy as np
import tensorflow as tf
from tensorflow.keras import backend as K
from tensorflow.keras.layers import Layer


class GraphConv(Layer):
    def __init__(self, units, **kw):
        super().__init__(**kw)
        self.units = units

    def build(self, shapes):
        self.kernel = self.add_weight(shape=(shapes[0][-1], self.units), initializer="glorot_uniform")

    def call(self, inputs):
        x, a = inputs
        return K.dot(a, K.dot(x, self.kernel))


class IndexedGraphConv(GraphConv):
    def call(self, inputs):
        return tf.matmul(inputs[1], tf.matmul(inputs[0], self.kernel))


g = nx.karate_club_graph()
n = g.number_of_nodes()
feats = tf.constant(np.identity(n), dtype=tf.float32)
adj = nx.to_numpy_array(g)
out = GraphConv(4)([feats, tf.constant(adj, dtype=tf.float32)])  # error: [unnormalized-adjacency]
out = IndexedGraphConv(4)((feats, tf.constant(adj, dtype=tf.float32)))  # error: [unnormalized-adjacency]

loops = adj + np.identity(n)
d = np.diag(np.power(loops.sum(1), -0.5))
norm = d @ loops @ d
out = GraphConv(4)([feats, tf.constant(norm, dtype=tf.float32)])
out = IndexedGraphConv(4)((feats, tf.constant(norm, dtype=tf.float32)))
