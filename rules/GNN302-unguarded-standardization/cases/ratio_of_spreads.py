# Modelled on binarised point-cloud layers that rescale sign(x) by the ratio of two standard
# deviations: `a.std() / b.std()` is a scale factor between two statistics, not data standardised
# by its spread, and the code checks the result for NaN itself. Dividing the data (or its
# deviation from the mean) by its own std is the hazard a constant column turns into 0 / 0.
import torch
import torch.nn.functional as F


def binarisation_scale(inputs, weight):
    w = weight - weight.mean()
    scale = (F.linear(inputs, w).std() / F.linear(torch.sign(inputs), torch.sign(w)).std()).float()
    if torch.isnan(scale):
        scale = w.std() / torch.sign(w).std()
    return scale


def spread_ratio(a, b):
    top = a.std(0)
    return top / b.std(0)


def standardise(features):
    centred = features - features.mean(0)
    return centred / features.std(0)  # warning: [unguarded-standardization]
