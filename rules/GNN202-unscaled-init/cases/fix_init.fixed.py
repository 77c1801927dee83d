import tensorflow as tf
import torch.nn as nn
from tensorflow import keras


class Encoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.lin = nn.Linear(1433, 64)
        nn.init.xavier_normal_(self.lin.weight)  # warning: [unscaled-init]
        nn.init.xavier_uniform_(self.lin.weight.data)  # warning: [unscaled-init]


W = tf.Variable(keras.initializers.GlorotNormal()([1433, 64]))  # warning: [unscaled-init]
head = keras.layers.Dense(7, kernel_initializer=keras.initializers.GlorotNormal())  # warning: [unscaled-init]
