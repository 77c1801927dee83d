# Modelled on spektral examples/graph_prediction/ogbg-mol-hiv_ecc.py: ECCConv adds up the messages
# of every neighbour (it has no other aggregation), trained in a hand-written TF step with no
# clipping: a risk, so a warning. The GeneralConv model below averages instead: info.
import tensorflow as tf
from spektral.layers import ECCConv, GeneralConv, GlobalSumPool
from tensorflow.keras.layers import Dense, Input
from tensorflow.keras.models import Model
from tensorflow.keras.optimizers import Adam

nodes, adjacency, edges, index = Input(shape=(9,)), Input(shape=(None,), sparse=True), Input(shape=(3,)), Input(shape=())
h = ECCConv(32, activation="relu")([nodes, adjacency, edges])
h = ECCConv(32, activation="relu")([h, adjacency, edges])
out = Dense(1, activation="sigmoid")(GlobalSumPool()([h, index]))
model = Model(inputs=[nodes, adjacency, edges, index], outputs=out)
optimizer = Adam(1e-3)
loss_fn = tf.keras.losses.BinaryCrossentropy()


def train_step(inputs, target):
    with tf.GradientTape() as tape:
        loss = loss_fn(target, model(inputs, training=True))
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))  # warning: [missing-gradient-clipping]
    return loss
