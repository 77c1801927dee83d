# Modelled on dense aggregator modules: the neighbour sum (the input matrix times the features),
# divided with the function form `torch.div` by the input's own row sums: a mean over
# neighbours by hand, with no guard for an empty row, as `(a @ x) / a.sum(1)` is. The look-alikes
# clamp the count, or divide the product of a matrix that is not the one whose rows were summed.
import torch


def neighbour_mean(feats, graph):
    counts = torch.sum(graph, -1, keepdim=True)
    summed = torch.bmm(graph, feats)
    return torch.div(summed, counts)  # error: [zero-degree-division]


def clamped_mean(feats, graph):
    counts = torch.sum(graph, -1, keepdim=True).clamp(min=1)
    summed = torch.bmm(graph, feats)
    return torch.div(summed, counts)


def weights_over_other_rows(feats, weights, scores):
    totals = torch.sum(scores, -1, keepdim=True)
    summed = torch.bmm(weights, feats)
    return torch.div(summed, totals)
