# Modelled on a principal-neighbourhood-aggregation module of dense aggregators: the neighbour
# sum written by broadcasting (features times the input matrix with a trailing axis, summed over
# the neighbour axis), divided with `torch.div` by the input's own row sums: a mean over
# neighbours by hand, with no guard for an empty row. The look-alikes clamp the count, or divide
# the broadcast product of a matrix that is not the one whose rows were summed.
import torch


def neighbour_mean(feats, graph):
    counts = torch.sum(graph, -1, keepdim=True)
    summed = torch.sum(torch.mul(feats, graph.unsqueeze(-1)), dim=2)
    return torch.div(summed, counts)  # error: [zero-degree-division]


def neighbour_mean_of_squares(feats, graph):
    counts = graph.sum(-1, keepdim=True)
    return torch.div((feats * feats * graph[..., None]).sum(2), counts)  # error: [zero-degree-division]


def clamped_mean(feats, graph):
    counts = torch.sum(graph, -1, keepdim=True).clamp(min=1)
    summed = torch.sum(torch.mul(feats, graph.unsqueeze(-1)), dim=2)
    return torch.div(summed, counts)


def weights_over_other_rows(feats, weights, scores):
    totals = torch.sum(scores, -1, keepdim=True)
    summed = torch.sum(torch.mul(feats, weights.unsqueeze(-1)), dim=2)
    return torch.div(summed, totals)
