# The look-alike of spektral_edge_conditioned_sum.py: GeneralConv sums by default, but this model
# builds it with `aggregate="mean"`, so there is no sum-aggregation risk and the finding is info.
import tensorflow as tf
from spektral.layers import GeneralConv, GlobalAvgPool
from tensorflow.keras.layers import Dense, Input
from tensorflow.keras.models import Model
from tensorflow.keras.optimizers import Adam

nodes, adjacency, index = Input(shape=(9,)), Input(shape=(None,), sparse=True), Input(shape=())
h = GeneralConv(64, aggregate="mean")([nodes, adjacency])
h = GeneralConv(64, aggregate="mean")([h, adjacency])
out = Dense(2, activation="softmax")(GlobalAvgPool()([h, index]))
model = Model(inputs=[nodes, adjacency, index], outputs=out)
optimizer = Adam(1e-2)
loss_fn = tf.keras.losses.CategoricalCrossentropy()


def train_step(inputs, target):
    with tf.GradientTape() as tape:
        loss = loss_fn(target, model(inputs, training=True))
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))  # info: [missing-gradient-clipping]
    return loss
