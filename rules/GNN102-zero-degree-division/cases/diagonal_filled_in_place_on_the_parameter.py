# Modelled on GAug's normalize_adj: the parameter itself gets its diagonal set to 1 in place
# (`fill_diagonal_(1)`, no new binding), so every row sum counts the node's own loop and is >= 1.
# Filling the diagonal with 0 removes the loops, and the guard with them.
import torch
import torch.nn as nn


class Augmenter(nn.Module):
    def renormalize(self, graph):
        graph.fill_diagonal_(1)
        scale = torch.diag(torch.pow(graph.sum(1), -0.5))
        return scale @ graph @ scale

    def without_loops(self, graph):
        graph.fill_diagonal_(0)
        scale = torch.diag(torch.pow(graph.sum(1), -0.5))  # error: [zero-degree-division]
        return scale @ graph @ scale
