# Modelled on a graph generator's GCN preprocessing of a batch of dense adjacencies: an empty
# (batch, n, n) tensor gets, slice by slice, the diagonal of each graph's inverse square-root
# degree, and then scales the batch from both sides. A node with no edge yet has degree 0.
import torch


def preprocess(adj):
    degrees = torch.sum(adj, dim=2)
    scale = torch.zeros(adj.size(0), adj.size(1), adj.size(2))
    for i in range(scale.size(0)):
        scale[i, :, :] = torch.diag(torch.pow(degrees[i, :], -0.5))  # error: [zero-degree-division]
    return torch.matmul(torch.matmul(scale, adj), scale)


def preprocess_with_loops(adj):
    adj = adj + torch.eye(adj.size(1)).unsqueeze(0)
    degrees = torch.sum(adj, dim=2)
    scale = torch.zeros(adj.size(0), adj.size(1), adj.size(2))
    for i in range(scale.size(0)):
        scale[i, :, :] = torch.diag(torch.pow(degrees[i, :], -0.5))
    return torch.matmul(torch.matmul(scale, adj), scale)


def counts_per_slot(scores):
    # A batch of score matrices whose slices hold something else: not a graph being normalized.
    out = torch.zeros(scores.size(0), scores.size(1), scores.size(2))
    for i in range(out.size(0)):
        out[i, :, :] = torch.diag(torch.pow(scores[i, :, 0], 2.0))
    return torch.matmul(out, scores)
