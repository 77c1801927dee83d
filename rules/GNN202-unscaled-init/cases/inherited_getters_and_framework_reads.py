# Modelled on TensorFlow relation encoders whose class inherits from a project base class (defined
# elsewhere) and reads its variables in helper methods: `tf.matmul(x, self.C)` and a getter whose
# result is used (`self.graph().types()`) set no variable's values, so they do not hide a unit-scale
# draw. A call on self made for its effect (`self.reset_variables()`) may be an inherited
# initialiser, and so may a project helper handed the variable: those keep the draw quiet.
import numpy as np
import tensorflow as tf
from encoders.base import Encoder, rescale


class BasisMixer(Encoder):
    def build(self, relations, bases):
        self.coefficients = tf.Variable(np.random.normal(0, 1.0, size=(relations, bases)))  # warning: [unscaled-init]

    def mix(self, messages):
        types = self.graph().relation_types()
        return tf.matmul(tf.one_hot(types, 4), self.coefficients) * messages


class ResetMixer(Encoder):
    def build(self, relations, bases):
        self.coefficients = tf.Variable(np.random.normal(0, 1.0, size=(relations, bases)))
        self.reset_variables()

    def mix(self, messages):
        return tf.matmul(messages, self.coefficients)


class RescaledMixer(Encoder):
    def build(self, relations, bases):
        self.coefficients = tf.Variable(np.random.normal(0, 1.0, size=(relations, bases)))

    def rescaled(self):
        rescale(self.coefficients)

    def mix(self, messages):
        return tf.matmul(messages, self.coefficients)
