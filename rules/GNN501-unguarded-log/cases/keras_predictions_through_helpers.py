# Modelled on tkipf/relational-gcn: the script builds a Keras model whose last layer (a graph
# convolution of the project, Keras style) ends in `activation="softmax"`, and hands
# `model.predict(...)` to an evaluation helper, which passes it on to a cross-entropy written with
# NumPy: the log of the probability picked at the true class. A predicted 0 gives -inf. The
# helper fed the model's logits (a linear output) is not a log of probabilities.
import numpy as np
from tensorflow import keras


class GraphConvolution(keras.layers.Layer):
    def __init__(self, units, activation="linear", **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.activation = keras.activations.get(activation)

    def call(self, inputs):
        features, adjacency = inputs
        return self.activation(adjacency @ features)


def categorical_crossentropy(preds, labels):
    return np.mean(-np.log(np.extract(labels, preds)))  # error: [unguarded-log]


def evaluate_preds(preds, labels, indices):
    return [categorical_crossentropy(preds[idx], labels[idx]) for idx in indices]


def logit_margin(scores, labels):
    return np.mean(np.log(np.extract(labels, scores)))


x_in = keras.Input(shape=(16,))
a_in = keras.Input(shape=(None,))
y = GraphConvolution(4, activation="softmax")([x_in, a_in])
model = keras.Model(inputs=[x_in, a_in], outputs=y)
model.compile(loss="categorical_crossentropy", optimizer="adam")
logits_model = keras.Model(inputs=[x_in, a_in], outputs=GraphConvolution(4)([x_in, a_in]))


def report(features, adjacency, labels, train_idx, val_idx):
    preds = model.predict([features, adjacency])
    scores = logits_model.predict([features, adjacency])
    return evaluate_preds(preds, labels, [train_idx, val_idx]), logit_margin(scores, labels)
