import tensorflow as tf
import torch.nn as nn
from tensorflow import keras


class Encoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.lin = nn.Linear(1433, 64)
        nn.init.normal_(self.lin.weight)  # warning: [unscaled-init]
        self.lin.weight.data.uniform_(-1.0, 1.0)  # warning: [unscaled-init]


W = tf.Variable(tf.random.normal([1433, 64]))  # warning: [unscaled-init]
head = keras.layers.Dense(7, kernel_initializer=keras.initializers.RandomNormal(stddev=1.0))  # warning: [unscaled-init]
