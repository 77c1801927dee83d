# Modelled on TensorFlow 1 GCN code: a two-layer graph convolution trained with
# `optimizer.minimize(loss)`. Nothing in it makes a spike likely, so the missing clipping is advice.
import tensorflow as tf


class Model:
    def __init__(self, features, support, labels, hidden, classes, lr):
        self.optimizer = tf.compat.v1.train.AdamOptimizer(learning_rate=lr)
        w1 = tf.Variable(tf.random.normal([int(features.shape[1]), hidden], stddev=0.1))
        w2 = tf.Variable(tf.random.normal([hidden, classes], stddev=0.1))
        h = tf.nn.relu(tf.sparse.sparse_dense_matmul(support, tf.matmul(features, w1)))
        logits = tf.sparse.sparse_dense_matmul(support, tf.matmul(h, w2))
        self.loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits))
        self.opt_op = self.optimizer.minimize(self.loss)  # info: [missing-gradient-clipping]
