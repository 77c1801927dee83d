# Modelled on Diego999/pyGAT's sparse GAT layer: attention weights on the edges are `exp` of the
# scores with no max shift; the features are aggregated with those weights by a sparse product,
# and divided by each row's sum of the weights (the same sparse product against a column of
# ones). That is a softmax over each node's edges written by hand: a score above ~88 makes `exp`
# inf, and inf / inf is NaN. The product here goes through a custom autograd Function, as there.
# The version that subtracts the maximum score first is safe. The weights themselves are never
# normalised: the finding is at the division of the aggregates. A dense softmax of the same weights
# is reported at its `exp`.
import torch
from torch import nn


class SparseMatmul(torch.autograd.Function):
    @staticmethod
    def forward(ctx, indices, values, shape, dense):
        matrix = torch.sparse_coo_tensor(indices, values, shape)
        ctx.save_for_backward(matrix, dense)
        return torch.matmul(matrix, dense)


class SparseProduct(nn.Module):
    def forward(self, indices, values, shape, dense):
        return SparseMatmul.apply(indices, values, shape, dense)


class SparseAttention(nn.Module):
    def __init__(self, dim, dropout):
        super().__init__()
        self.att = nn.Parameter(torch.empty(1, 2 * dim))
        nn.init.xavier_normal_(self.att)
        self.dropout = nn.Dropout(dropout)
        self.product = SparseProduct()
        self.act = nn.LeakyReLU(0.2)

    def forward(self, h, edge):
        n = h.size(0)
        pair = torch.cat((h[edge[0]], h[edge[1]]), dim=1).t()
        weight = torch.exp(-self.act(self.att.mm(pair).squeeze()))
        row_sum = self.product(edge, weight, torch.Size([n, n]), torch.ones(n, 1))
        weight = self.dropout(weight)
        out = self.product(edge, weight, torch.Size([n, n]), h)
        return out.div(row_sum)  # error: [unstable-manual-softmax]

    def forward_shifted(self, h, edge):
        n = h.size(0)
        pair = torch.cat((h[edge[0]], h[edge[1]]), dim=1).t()
        score = -self.act(self.att.mm(pair).squeeze())
        weight = torch.exp(score - score.max())
        row_sum = self.product(edge, weight, torch.Size([n, n]), torch.ones(n, 1))
        out = self.product(edge, weight, torch.Size([n, n]), h)
        return out / row_sum


def dense_attention(scores, h):
    weight = torch.exp(scores)  # error: [unstable-manual-softmax]
    return torch.div(weight, weight.sum(dim=1, keepdim=True)) @ h
