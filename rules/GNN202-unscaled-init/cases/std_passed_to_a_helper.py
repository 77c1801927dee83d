# Modelled on TensorFlow relation-prediction encoders that build every variable through one helper
# taking the mean, the std and the shape: the helper alone knows neither, so the std and shape are
# read from each call. A std of 1 for a matrix ignores its fan-in; a Glorot std does not.
import numpy as np
import tensorflow as tf


def make_variable(mean, std, shape):
    values = np.random.normal(mean, std, size=shape).astype(np.float32)
    return tf.Variable(values)


def glorot_std(shape):
    return np.sqrt(2.0 / (shape[0] + shape[1]))


class BasisEncoder:
    def __init__(self, relations, bases, dim):
        coefficient_shape = (relations, bases)
        kernel_shape = (dim, dim)
        unit = 1
        self.kernel = make_variable(0, glorot_std(kernel_shape), kernel_shape)
        self.coefficients = make_variable(0, unit, coefficient_shape)  # warning: [unscaled-init]
        self.bias = make_variable(0, 1, (dim,))

    def call(self, features, relation_weights):
        mixed = tf.matmul(relation_weights, self.coefficients)
        return tf.matmul(features, self.kernel) * tf.reduce_sum(mixed) + self.bias
