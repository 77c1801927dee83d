# Modelled on hand-written GraphSAGE mean aggregators: a 0/1 neighbour mask divided by its row
# counts and then multiplied into node embeddings is mean aggregation; its zero rows are nodes
# with no neighbours, which GNN102 (zero-degree-division) reports, so this rule stays out. The
# same division of features that are then multiplied by a weight is a feature normalisation,
# this rule's hazard.
import torch


class MeanAggregator(torch.nn.Module):
    def __init__(self, embed, dim):
        super().__init__()
        self.embed = embed
        self.weight = torch.nn.Parameter(torch.empty(dim, dim))
        torch.nn.init.xavier_uniform_(self.weight)

    def forward(self, rows, cols, unique, n):
        m = torch.zeros(n, len(unique))
        m[rows, cols] = 1
        counts = m.sum(1, keepdim=True)
        m = m.div(counts)
        return m.mm(self.embed(torch.LongTensor(unique)))

    def transform(self, h):
        h = h / h.sum(1, keepdim=True)  # warning: [unguarded-division]
        return h @ self.weight


def similarity(z1, z2):
    z1 = z1 / z1.sum(1, keepdim=True)  # warning: [unguarded-division]
    return z1 @ z2.T


def expected_hop(influence):
    share = influence / torch.sum(influence, dim=1, keepdim=True)  # warning: [unguarded-division]
    hops = torch.arange(influence.shape[1]).float()
    return share @ hops
