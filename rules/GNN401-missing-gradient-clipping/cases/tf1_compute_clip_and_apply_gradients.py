# The look-alike of tf1_compute_and_apply_gradients.py: the gradients `compute_gradients` returns
# are clipped by their global norm before `apply_gradients`, so the step is clipped.
import tensorflow as tf


def training(inputs, labels, lr):
    cell = tf.nn.rnn_cell.LSTMCell(64)
    outputs, _ = tf.nn.dynamic_rnn(cell, inputs, dtype=tf.float32)
    loss = tf.reduce_mean(tf.square(outputs[:, -1] - labels))
    optimizer = tf.train.MomentumOptimizer(lr, 0.9)
    grads, variables = zip(*optimizer.compute_gradients(loss))
    grads, _ = tf.clip_by_global_norm(grads, 5.0)
    return optimizer.apply_gradients(zip(grads, variables))
