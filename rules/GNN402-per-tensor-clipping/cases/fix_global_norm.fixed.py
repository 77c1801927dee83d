import tensorflow as tf


def train_step(model, optimizer, loss_fn, x, a, y):
    with tf.GradientTape() as tape:
        loss = loss_fn(y, model([x, a], training=True))
    grads = tape.gradient(loss, model.trainable_variables)
    grads = tf.clip_by_global_norm(grads, 1.0)[0]  # warning: [per-tensor-clipping]
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return loss
