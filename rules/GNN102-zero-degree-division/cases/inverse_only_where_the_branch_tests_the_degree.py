# Modelled on skeleton-graph toolkits (ST-GCN style graph/tools.py): the degree is inverted one node
# at a time, only inside a branch that tests the very entry inverted; a test on something else does
# not guard it.
import numpy as np


def column_normalize(adj):
    totals = np.sum(adj, 0)
    count = adj.shape[0]
    scale = np.zeros((count, count))
    for k in range(count):
        if totals[k] > 0:
            scale[k, k] = totals[k] ** (-1)
    return np.dot(adj, scale)


def column_normalize_else(adj):
    totals = np.sum(adj, 0)
    count = adj.shape[0]
    scale = np.zeros((count, count))
    for k in range(count):
        if totals[k] == 0:
            continue
        else:
            scale[k, k] = 1.0 / totals[k]
    return np.dot(adj, scale)


def column_normalize_wrong_test(adj, flags):
    totals = np.sum(adj, 0)
    count = adj.shape[0]
    scale = np.zeros((count, count))
    for k in range(count):
        if flags[k] > 0:
            scale[k, k] = totals[k] ** (-1)  # error: [zero-degree-division]
    return np.dot(adj, scale)


def links_to_matrix(links, count):
    adj = np.zeros((count, count))
    for i, j in links:
        adj[j, i] = 1
    return adj


bones = [(0, 1), (1, 2), (2, 3)]
first = column_normalize(links_to_matrix(bones, 5))
second = column_normalize_else(links_to_matrix(bones, 5))
third = column_normalize_wrong_test(links_to_matrix(bones, 5), np.ones(5))
