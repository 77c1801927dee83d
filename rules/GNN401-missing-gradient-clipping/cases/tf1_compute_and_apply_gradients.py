# Modelled on TensorFlow 1 models that split the step in two: `compute_gradients(loss)` then
# `apply_gradients(grads)` on the same `tf.train` optimizer, with nothing clipping the pairs in
# between. The model unrolls an LSTM with `dynamic_rnn`, so the unclipped step is a risk.
import tensorflow as tf


def training(inputs, labels, lr):
    cell = tf.nn.rnn_cell.LSTMCell(64)
    outputs, _ = tf.nn.dynamic_rnn(cell, inputs, dtype=tf.float32)
    loss = tf.reduce_mean(tf.square(outputs[:, -1] - labels))
    optimizer = tf.train.MomentumOptimizer(lr, 0.9)
    grads = optimizer.compute_gradients(loss)
    return optimizer.apply_gradients(grads)  # warning: [missing-gradient-clipping]
