# A unit-variance draw is only too wide for a layer with many inputs: with a fan-in of 2 (two
# coordinates into a hidden layer) std 1 keeps the activations' scale, with 64 it multiplies it by 8.
import numpy as np
import tensorflow as tf

points = tf.compat.v1.placeholder(tf.float32, shape=(None, 2))
hidden_size = 10

first = tf.Variable(np.random.randn(2, hidden_size).astype(np.float32))
second = tf.Variable(np.random.randn(64, hidden_size).astype(np.float32))  # warning: [unscaled-init]

hidden = tf.tanh(tf.matmul(points, first))
