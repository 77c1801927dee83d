# Modelled on pyg examples/contrib/rbcd_attack_poisoning.py: the root of a sum of squares is taken
# only under `if s > 0.5`, where it cannot be 0. Outside such a branch it can.
import torch


def project(gradient):
    clip_norm = 0.5
    grad_len_sq = gradient.square().sum()
    if grad_len_sq > clip_norm:
        gradient = gradient / grad_len_sq.sqrt()
    return gradient


def unit(gradient):
    grad_len_sq = gradient.square().sum()
    return gradient / grad_len_sq.sqrt()  # warning: [unguarded-sqrt]


def one_line(gradient):
    grad_len_sq = gradient.square().sum()
    if grad_len_sq > 0.5: gradient = gradient / grad_len_sq.sqrt()  # noqa: E701 (the branch on one line)
    return gradient
