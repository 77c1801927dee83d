# Modelled on GSN's graph classifier: a hand-written message-passing layer takes its aggregation as
# a keyword that defaults to a sum, and the model hands it the option's value through a dictionary
# of keywords, falling back to the same sum when the option is unset. A plain run sums messages.
import torch
import torch.nn as nn


class SparseLayer(nn.Module):
    def __init__(self, d_in, d_out, aggr="add", **kwargs):
        super().__init__()
        self.aggr = aggr
        self.update = nn.Linear(2 * d_in, d_out)

    def message(self, x_j):
        return x_j

    def forward(self, x, edge_index):
        msgs = torch.sparse_coo_tensor(edge_index, self.message(x[edge_index[1]]))
        return self.update(torch.cat([x, torch.sparse.sum(msgs, 1).to_dense()], -1))


class EdgeLayer(SparseLayer):
    pass


class Classifier(nn.Module):
    def __init__(self, dims, **kwargs):
        super().__init__()
        combine = kwargs["combine"] if kwargs["combine"] is not None else "add"
        self.layers = nn.ModuleList()
        for d_in, d_out in zip(dims, dims[1:]):
            settings = {"d_in": d_in, "d_out": d_out, "aggr": combine}
            build = EdgeLayer if kwargs["edges"] else SparseLayer
            self.layers.append(build(**settings))


class Pooled(nn.Module):
    """Also takes the aggregation keyword, but combines several embeddings of one node, not messages."""

    def __init__(self, d, aggr="sum"):
        super().__init__()
        self.embed = nn.Linear(d, d)


class MeanClassifier(nn.Module):
    def __init__(self, dims):
        super().__init__()
        self.layers = nn.ModuleList([SparseLayer(a, b, aggr="mean") for a, b in zip(dims, dims[1:])])
        self.pool = Pooled(dims[-1])


def train(batches, dims):
    model = Classifier(dims, combine=None, edges=False)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    for x, edge_index, y in batches:
        optimizer.zero_grad()
        loss = (model(x, edge_index) - y).abs().mean()
        loss.backward()
        optimizer.step()  # warning: [missing-gradient-clipping]


def train_mean(batches, dims):
    model = MeanClassifier(dims)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    for x, edge_index, y in batches:
        optimizer.zero_grad()
        loss = (model(x, edge_index) - y).abs().mean()
        loss.backward()
        optimizer.step()  # info: [missing-gradient-clipping]
