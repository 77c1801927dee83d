# Modelled on spektral examples/graph_prediction/qm9_ecc_batch.py: a sum readout into a squared
# error, whose gradient grows with the graph's size.
import tensorflow as tf
from spektral.layers import ECCConv, GlobalSumPool

x_in, a_in, e_in = tf.keras.Input((None, 9)), tf.keras.Input((None, None)), tf.keras.Input((None, None, 3))
h = GlobalSumPool()(ECCConv(32, activation="relu")([x_in, a_in, e_in]))
model = tf.keras.Model([x_in, a_in, e_in], tf.keras.layers.Dense(1)(h))
model.compile(optimizer=tf.keras.optimizers.Adam(1e-3), loss="mse")  # warning: [missing-gradient-clipping]
