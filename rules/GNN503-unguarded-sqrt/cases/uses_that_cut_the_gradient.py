# Modelled on an n-body training step that feeds the speed of each body to an equivariant model
# (`torch.sqrt(torch.sum(vel ** 2, dim=1)).unsqueeze(1).detach()`) and on a TensorBoard helper that
# logs the standard deviation of a weight (`tf.summary.scalar(..., stddev)`): each root is used
# only where no gradient flows (a `.detach()`, a summary op, `.item()`), so its infinite
# derivative at 0 is never computed. The same root handed to the model is on the gradient path.
import tensorflow as tf
import torch


def node_speeds(model, vel, loc):
    speed = torch.sqrt(torch.sum(vel ** 2, dim=1)).unsqueeze(1).detach()
    logged = torch.sqrt((loc * loc).sum(1)).mean().item()
    kept = torch.sqrt(torch.sum(vel * vel, dim=1)).unsqueeze(1)  # warning: [unguarded-sqrt]
    return model(speed, kept), logged


def detached_input(model, h):
    v = model(h).detach()
    return torch.sqrt((v ** 2).sum(-1))


def weight_summaries(var, name):
    with tf.name_scope("summaries"):
        mean = tf.reduce_mean(var)
        stddev = tf.sqrt(tf.reduce_mean(tf.square(var - mean)))
        tf.summary.scalar(f"stddev_{name}", stddev)
        tf.summary.histogram(f"histogram_{name}", var)


def weight_penalty(var):
    stddev = tf.sqrt(tf.reduce_mean(tf.square(var - tf.reduce_mean(var))))  # warning: [unguarded-sqrt]
    tf.summary.scalar("stddev", stddev)
    return stddev
