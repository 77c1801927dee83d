# Modelled on spektral examples/other/node_clustering_mincut.py: GCSConv documents its input as
# normalized_adjacency(A), without self-loops (it weighs a node's own features with a separate
# skip weight), so that normalization is what the layer asks for.
import tensorflow as tf
from spektral.datasets import Cora
from spektral.layers import GCSConv
from spektral.utils import normalized_adjacency

dataset = Cora()
adj, x = dataset[0].a, dataset[0].x
a_norm = normalized_adjacency(adj)

x_in = tf.keras.Input(shape=(x.shape[1],))
a_in = tf.keras.Input(shape=(None,), sparse=True)
hidden = GCSConv(16, activation="elu")([x_in, a_in])
