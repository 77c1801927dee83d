import tensorflow as tf
from tensorflow.keras import initializers

W = tf.Variable(tf.random.uniform([1433, 16]))  # error: [positive-uniform-init]
dense = tf.keras.layers.Dense(16, kernel_initializer=initializers.RandomUniform(minval=0.0, maxval=1.0))  # error: [positive-uniform-init]
