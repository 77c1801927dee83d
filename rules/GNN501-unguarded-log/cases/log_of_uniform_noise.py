# Modelled on concrete (relaxed Bernoulli) edge samplers in explainers and graph generators: logistic
# noise `log(u) - log(1 - u)` from a uniform draw u. A float32 draw on [0, 1) includes 0 itself
# (about once in 2**24 entries, and these samplers draw one per edge per step), and log(0) = -inf.
# `1 - u` lies in (0, 1] and is safe; a range that starts at a positive epsilon, an epsilon added,
# a bound whose value is not known, NumPy's float64 draws, and a key ranked on its own stay quiet.
import numpy as np
import tensorflow as tf
import torch


def concrete_tf(log_alpha, beta=1.0):
    low = 0.0
    shift = 0.0
    u = shift + tf.random.uniform(tf.shape(log_alpha), minval=low, maxval=1.0 - low)
    noise = tf.math.log(u) - tf.math.log(1.0 - u)  # error: [unguarded-log]
    return tf.sigmoid((noise + log_alpha) / beta)


def gumbel_tf(logits):
    return logits - tf.math.log(-tf.math.log(tf.random.uniform(tf.shape(logits))))  # error: [unguarded-log]


def logistic_torch(logits, temperature):
    u = torch.rand(logits.size())
    return (logits + torch.log(u) - torch.log(1 - u)) / temperature  # error: [unguarded-log]


def concrete_eps(log_alpha, eps=1e-7):
    u = tf.random.uniform(tf.shape(log_alpha), minval=1e-7, maxval=1.0 - 1e-7)
    v = torch.rand(8)
    return tf.math.log(u) - tf.math.log(1.0 - u), torch.log(v + 1e-10)


def concrete_configured(log_alpha, bias):
    u = tf.random.uniform(tf.shape(log_alpha), minval=bias, maxval=1.0 - bias)
    return tf.math.log(u)


def concrete_wide(log_alpha):
    u = tf.random.uniform(tf.shape(log_alpha), dtype=tf.float64)
    return tf.math.log(u), np.log(np.random.rand(5))


# An in-place guard of one function's draw says nothing of a namesake in the next one.
def gumbel_noise(logits, eps=1e-10):
    g = torch.rand(logits.size())
    g.add_(eps).log_().neg_()
    return logits + g


def logistic_noise(logits):
    g = torch.rand(logits.size())
    return torch.log(g) - torch.log(1 - g)  # error: [unguarded-log]


# A weighted sampling race: each key is log(u) / w and the k largest win. A draw of 0 gives the
# key -inf, which is never picked: nothing downstream computes with it.
def race(weights, k):
    keys = torch.rand(weights.size()).log() / weights
    return keys.topk(k).indices
