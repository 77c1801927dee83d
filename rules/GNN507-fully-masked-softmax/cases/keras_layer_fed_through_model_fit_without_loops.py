# The same Keras layer fed an adjacency without self-loops: a node with no neighbour has every score
# masked, and softmax over all -inf is NaN.
import networkx as nx
import numpy as np
import tensorflow as tf
from keras import backend as K
from keras.layers import Input, Layer
from keras.models import Model


class Attend(Layer):
    def call(self, inputs):
        h, g = inputs[0], inputs[1]
        scores = K.dot(h, K.transpose(h))
        scores = tf.where(g > 0, scores, -np.inf)
        return K.dot(K.softmax(scores), h)  # warning: [fully-masked-softmax]


adjacency = nx.to_numpy_array(nx.read_edgelist("graph.edges", nodetype=int))
features = np.load("features.npy")

x_in = Input(shape=(8,))
a_in = Input(shape=(adjacency.shape[0],))
out = Attend()([x_in, a_in])
model = Model(inputs=[x_in, a_in], outputs=out)
model.compile(optimizer="adam", loss="mse")
model.fit([features, adjacency], features, batch_size=len(features))
