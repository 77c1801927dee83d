# Modelled on TensorFlow 1 graph auto-encoders that keep their rate on the model: when the caller
# gives none, the constructor falls back to a decay schedule, which starts at its first argument
# and only decays from there. The schedule written here is what Adam starts with.
import tensorflow as tf


class StructuralEncoder(object):
    def __init__(self, sizes, max_iter=2000, learning_rate=None):
        self.sizes = sizes
        self.max_iter = max_iter
        self.lr = learning_rate
        if self.lr is None:
            self.lr = tf.train.inverse_time_decay(0.1, self.max_iter, decay_steps=1, decay_rate=0.9999)  # warning: [high-learning-rate]

    def train_op(self, loss):
        optimizer = tf.train.AdamOptimizer(self.lr)
        return optimizer.minimize(loss)


class GentleEncoder(object):
    """The same layout with a schedule that starts below Adam's threshold."""

    def __init__(self, sizes, max_iter=2000, learning_rate=None):
        self.sizes = sizes
        self.max_iter = max_iter
        self.lr = learning_rate
        if self.lr is None:
            self.lr = tf.train.inverse_time_decay(0.03, self.max_iter, decay_steps=1, decay_rate=0.9999)

    def train_op(self, loss):
        optimizer = tf.train.AdamOptimizer(self.lr)
        return optimizer.minimize(loss)


class PlainDescent(object):
    """Plain gradient descent tolerates a rate of 0.5 (its threshold is 1.0)."""

    def __init__(self, steps):
        self.lr = tf.train.exponential_decay(0.5, steps, 100, 0.96)

    def train_op(self, loss):
        return tf.train.GradientDescentOptimizer(self.lr).minimize(loss)


def literal_rates(loss):
    # TensorFlow 1's optimizers are judged like Keras's: Adam at 0.3 overshoots, at 0.01 it does not.
    fast = tf.train.AdamOptimizer(learning_rate=0.3)  # warning: [high-learning-rate]
    slow = tf.train.AdamOptimizer(learning_rate=0.01)
    return fast.minimize(loss), slow.minimize(loss)
