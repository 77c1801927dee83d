"""Modelled on a structure-learning pooling layer (HGP-SL layers.py): one arm of an if/else fills a
dense n x n zeros matrix at edge pairs, the other arm allocates its own matrix under the same name
and fills diagonal blocks (one small graph at a time). The other arm's allocation does not rebind the
first one: the edge-pair fill still makes the first matrix a dense adjacency."""

import torch


class Pool(torch.nn.Module):
    def __init__(self, sample):
        super().__init__()
        self.sample = sample

    def forward(self, x, edge_index, weights, starts, ends):
        if self.sample:
            row, col = edge_index
            dense = torch.zeros((x.size(0), x.size(0)), device=x.device)  # info: [dense-adjacency]
            dense[row, col] = weights
            out = dense.nonzero().t()
        else:
            dense = torch.zeros((x.size(0), x.size(0)), device=x.device)
            for i, j in zip(starts, ends):
                dense[i:j, i:j] = 1.0
            out = dense.nonzero().t()
        return out
