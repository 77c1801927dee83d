# Modelled on explainers whose concrete sampler draws u from [bias, 1 - bias) with the bias an option
# of the command line: a run without flags gets the option's default. A default of 0.0 leaves the
# float32 draw able to be exactly 0, and log(0) = -inf; a positive default keeps it away from 0.
import argparse

import tensorflow as tf

parser = argparse.ArgumentParser()
parser.add_argument("--floor", type=float, default=0.0)
parser.add_argument("--margin", type=float, default=1e-4)
opts = parser.parse_args()


def relaxed_gates(log_alpha, temperature=1.0):
    low = opts.floor
    u = tf.random.uniform(tf.shape(log_alpha), minval=low, maxval=1.0 - low)
    logistic = tf.math.log(u) - tf.math.log(1.0 - u)  # error: [unguarded-log]
    return tf.sigmoid((logistic + log_alpha) / temperature)


def relaxed_gates_with_margin(log_alpha, temperature=1.0):
    u = tf.random.uniform(tf.shape(log_alpha), minval=opts.margin, maxval=1.0 - opts.margin)
    return tf.sigmoid((tf.math.log(u) - tf.math.log(1.0 - u) + log_alpha) / temperature)
