# Modelled on stellargraph/layer/node2vec.py: a Keras initializer bound to a name and passed only
# as `embeddings_initializer=` draws a lookup table, where U(-1, 1) is the word2vec convention; the
# same initializer passed as a kernel initializer draws a weight with no regard to fan-in.
from tensorflow import keras

table_init = keras.initializers.RandomUniform(minval=-1.0, maxval=1.0)
lookup = keras.layers.Embedding(1000, 64, embeddings_initializer=table_init)

dense_init = keras.initializers.RandomUniform(minval=-1.0, maxval=1.0)  # warning: [unscaled-init]
dense = keras.layers.Dense(64, kernel_initializer=dense_init)
