import tensorflow as tf
from tensorflow.keras import initializers

W = tf.Variable(initializers.GlorotUniform()([1433, 16]))  # error: [positive-uniform-init]
dense = tf.keras.layers.Dense(16, kernel_initializer=initializers.GlorotUniform())  # error: [positive-uniform-init]
