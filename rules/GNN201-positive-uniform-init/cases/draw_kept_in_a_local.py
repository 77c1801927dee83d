# A draw kept in a local before it is wrapped is the same draw: `w = torch.rand(d, d)` then
# `nn.Parameter(w)`, or a TF1-style `glorot` helper that draws `init = tf.random.uniform(shape)`
# and returns `tf.Variable(init)`. A local re-centred before the wrap (`w = w * 2 - 1`,
# `w -= 0.5`, `w.sub_(0.5)`), drawn again by an initialiser (`nn.init.uniform_(w, -0.1, 0.1)`), or
# drawn between symmetric bounds, starts zero-centred.
import tensorflow as tf
import torch
from torch import nn


class Bilinear(nn.Module):
    def __init__(self, d):
        super().__init__()
        w = torch.rand(d, d)  # error: [positive-uniform-init]
        self.weight = nn.Parameter(w)
        m = torch.rand(d, d)
        m = m * 2 - 1
        self.mix = nn.Parameter(m)
        s = torch.rand(d, d)
        s.sub_(0.5)
        self.shift = nn.Parameter(s)
        c = torch.rand(d, d)
        c -= 0.5
        self.centred = nn.Parameter(c)
        r = torch.rand(d, d)
        nn.init.uniform_(r, -0.1, 0.1)
        self.redrawn = nn.Parameter(r)

    def forward(self, x):
        return x @ self.weight @ self.mix @ self.shift @ self.centred @ self.redrawn


def positive(shape, name=None):
    init = tf.random.uniform(shape, minval=0, maxval=1.0, dtype=tf.float32)  # error: [positive-uniform-init]
    return tf.Variable(init, name=name)


def glorot(shape, name=None):
    r = (6.0 / (shape[0] + shape[1])) ** 0.5
    init = tf.random.uniform(shape, minval=-r, maxval=r, dtype=tf.float32)
    return tf.Variable(init, name=name)
