# Modelled on GraphSAGE-style mean aggregators (graphsage-simple, diffpool aggregators.py): a 0/1 mask of
# sampled neighbours divided by its row counts; a node with no sampled neighbour has a zero row.
import numpy as np
import torch


def mean_of_sampled(features, picked, batch_size, n_unique):
    rows = [i for i, chosen in enumerate(picked) for _ in chosen]
    cols = [j for chosen in picked for j in chosen]
    m = torch.zeros(batch_size, n_unique)
    m[rows, cols] = 1
    counts = m.sum(1, keepdim=True)
    m = m.div(counts)  # error: [zero-degree-division]
    return m.mm(features)


def mean_of_sampled_numpy(features, picked, batch_size, n_unique):
    rows = [i for i, chosen in enumerate(picked) for _ in chosen]
    cols = [j for chosen in picked for j in chosen]
    m = np.zeros((batch_size, n_unique))
    m[rows, cols] = 1.0
    return np.divide(m, m.sum(axis=1, keepdims=True)) @ features  # error: [zero-degree-division]


def mean_of_sampled_clamped(features, picked, batch_size, n_unique):
    rows = [i for i, chosen in enumerate(picked) for _ in chosen]
    cols = [j for chosen in picked for j in chosen]
    m = torch.zeros(batch_size, n_unique)
    m[rows, cols] = 1
    m = m.div(m.sum(1, keepdim=True).clamp(min=1))
    return m.mm(features)


def class_frequencies(labels, n_classes):
    # One entry in every row (rows indexed by arange): each row sums to 1.
    one_hot = torch.zeros(len(labels), n_classes)
    one_hot[torch.arange(len(labels)), labels] = 1
    return one_hot.div(one_hot.sum(1, keepdim=True))
