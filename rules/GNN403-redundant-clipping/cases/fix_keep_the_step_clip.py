import tensorflow as tf

optimizer = tf.keras.optimizers.Adam(learning_rate=1e-3, clipnorm=1.0)  # info: [redundant-clipping]


def train_step(model, x, a, y, loss_fn):
    with tf.GradientTape() as tape:
        loss = loss_fn(y, model([x, a], training=True))
    grads = tape.gradient(loss, model.trainable_variables)
    grads, _ = tf.clip_by_global_norm(grads, 1.0)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return loss
