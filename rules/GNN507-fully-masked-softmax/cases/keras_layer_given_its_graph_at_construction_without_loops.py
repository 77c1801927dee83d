# The same Keras layer constructed with an adjacency without self-loops: a node with no neighbour has
# every score masked, and softmax over all -inf is NaN.
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
        return K.dot(K.softmax(scores), h)  # warning: [fully-masked-softmax]


adjacency = nx.to_numpy_array(nx.read_edgelist("graph.edges", nodetype=int))
features = np.load("features.npy")

model = Sequential()
model.add(Attend(8, adjacency))
model.compile(optimizer="adam", loss="mse")
model.fit(features, features, batch_size=len(features))
