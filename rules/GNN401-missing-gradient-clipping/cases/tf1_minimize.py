# Modelled on TensorFlow 1 traffic models: a hand-written cell unrolled with `static_rnn`, trained
# with `AdamOptimizer(lr).minimize(loss)`, which computes and applies the gradients in one call and
# leaves nowhere to clip them. The plain graph convolution below it, trained the same way, has no
# recurrence, sum or depth that makes a spike likely: advice only.
import tensorflow as tf


def recurrent_model(inputs, labels, cell, lr):
    stacked = tf.nn.rnn_cell.MultiRNNCell([cell], state_is_tuple=True)
    outputs, _ = tf.nn.static_rnn(stacked, inputs, dtype=tf.float32)
    loss = tf.reduce_mean(tf.square(outputs[-1] - labels))
    train_op = tf.train.AdamOptimizer(lr).minimize(loss)  # warning: [missing-gradient-clipping]
    return train_op
