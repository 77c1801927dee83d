# The same normalization handed to GCNConv, whose input is gcn_filter(A): D^-1/2 (A + I) D^-1/2.
import tensorflow as tf
from spektral.datasets import Cora
from spektral.layers import GCNConv
from spektral.utils import normalized_adjacency

dataset = Cora()
adj, x = dataset[0].a, dataset[0].x
a_norm = normalized_adjacency(adj)  # warning: [missing-self-loops]

x_in = tf.keras.Input(shape=(x.shape[1],))
a_in = tf.keras.Input(shape=(None,), sparse=True)
hidden = GCNConv(16, activation="relu")([x_in, a_in])
