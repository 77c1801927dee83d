# Modelled on keras-deep-graph-learning's attention layer: the Keras layer receives the graph in its
# constructor (`Attend(8, adjacency)`), keeps it as a constant, and masks its attention scores with
# -inf where there is no edge. The script builds the layer with an adjacency whose diagonal it set to
# 1, so every row keeps its own entry.
import networkx as nx
import numpy as np
import tensorflow as tf
from keras import backend as K
from keras.layers import Layer
from keras.models import Sequential


class Attend(Layer):
    def __init__(self, units, graph, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.graph = K.constant(graph)

    def call(self, h):
        scores = K.dot(h, K.transpose(h))
        scores = tf.where(self.graph > 0, scores, -np.inf)
        return K.dot(K.softmax(scores), h)


adjacency = nx.to_numpy_array(nx.read_edgelist("graph.edges", nodetype=int))
features = np.load("features.npy")
adjacency[np.diag_indices_from(adjacency)] = 1.0

model = Sequential()
model.add(Attend(8, adjacency))
model.compile(optimizer="adam", loss="mse")
model.fit(features, features, batch_size=len(features))
