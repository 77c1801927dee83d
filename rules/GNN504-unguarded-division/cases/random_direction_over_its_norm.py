# Modelled on latent-space interpolation in generative graph models: a random direction drawn from
# a Gaussian and divided by its norm is a unit vector, and a vector of continuous draws is 0 with
# probability 0. A sum of the same draws can cancel; a vector of data (or of draws with a zero
# spread) can be all zero.
import numpy as np
import torch


def random_axis(size):
    v = np.random.randn(size)
    v /= np.linalg.norm(v)
    return v


def random_axes(n, size):
    d = torch.randn(n, size)
    return d / d.norm(dim=1, keepdim=True)


def direction_of(z):
    return z / np.linalg.norm(z)  # warning: [unguarded-division]


def flat_draw(size):
    v = np.random.normal(0.0, 0, size)
    return v / np.linalg.norm(v)  # warning: [unguarded-division]


def gaussian_weights(n, size):
    w = torch.randn(n, size)
    return w / w.sum(dim=1, keepdim=True)  # warning: [unguarded-division]
