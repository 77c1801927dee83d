# Modelled on Keras graph layers that normalize in `call`: `x, a = inputs`, then the row sums of `a`
# scale `a` on both sides. The unpacked `a` is an adjacency by that use; the features `x` are not.
import tensorflow as tf
from tensorflow import keras


class RawConv(keras.layers.Layer):
    def call(self, inputs):
        x, a = inputs
        d = tf.math.rsqrt(tf.reduce_sum(a, axis=-1))  # error: [zero-degree-division]
        return tf.matmul(d[:, :, None] * a * d[:, None, :], x)


class ClampedConv(keras.layers.Layer):
    def call(self, inputs):
        x, a = inputs
        d = tf.math.rsqrt(tf.maximum(tf.reduce_sum(a, axis=-1), 1.0))
        return tf.matmul(d[:, :, None] * a * d[:, None, :], x)


class FeatureMean(keras.layers.Layer):
    def call(self, inputs):
        x, a = inputs
        return tf.matmul(a, x) * tf.math.reciprocal(tf.reduce_sum(x, axis=-1, keepdims=True) + 1.0)
