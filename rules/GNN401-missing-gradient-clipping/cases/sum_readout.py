# Modelled on spektral examples/other/graph_signal_classification_mnist.py (a sum readout into a
# softmax cross-entropy: bounded gradient, info) and examples/graph_prediction/qm9_ecc_batch.py
# (a sum readout into a squared error: the output and the gradient grow with the graph, warning).
import tensorflow as tf
from spektral.layers import GCNConv, GlobalSumPool


def classifier():
    x_in, a_in = tf.keras.Input((784, 1)), tf.keras.Input((784, 784))
    h = GlobalSumPool()(GCNConv(32)([x_in, a_in]))
    return tf.keras.Model([x_in, a_in], tf.keras.layers.Dense(10, activation="softmax")(h))


model = classifier()
model.compile(optimizer=tf.keras.optimizers.Adam(1e-3), loss="categorical_crossentropy")  # info: [missing-gradient-clipping]
