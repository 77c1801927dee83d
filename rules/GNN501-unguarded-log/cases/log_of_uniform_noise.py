# Modelled on a concrete (Gumbel-sigmoid) edge-mask sampler of a graph explainer: the log of
# single-precision uniform noise drawn from 0 (torch.rand, tf.random.uniform) is -inf whenever a
# draw is exactly 0, about once in 2^24 entries. Noise drawn from a positive bound, shifted by an
# epsilon, drawn in double precision (NumPy), or whose complement is taken (1 - u > 0) is safe.
import numpy as np
import tensorflow as tf
import torch


def concrete_tf(log_alpha, beta):
    low = 0.0
    shift = 0.0
    noise = shift + tf.random.uniform(tf.shape(log_alpha), minval=low, maxval=1.0, dtype=tf.float32)
    gates = tf.math.log(noise) - tf.math.log(1.0 - noise)  # error: [unguarded-log]
    return tf.sigmoid((gates + log_alpha) / beta)


def gumbel_torch(logits):
    u = torch.rand(logits.shape)
    return logits - torch.log(-torch.log(u))  # error: [unguarded-log]


def concrete_safe(log_alpha, bias=0.01):
    noise = tf.random.uniform(tf.shape(log_alpha), minval=0.01, maxval=0.99)
    eps = torch.rand(log_alpha.shape)
    u = np.random.rand(*log_alpha.shape)
    wide = torch.rand(log_alpha.shape, dtype=torch.float64)
    return (tf.math.log(noise) + torch.log(eps + 1e-10) + np.log(u) + torch.log(1 - torch.rand(3))
            + torch.log(wide))
