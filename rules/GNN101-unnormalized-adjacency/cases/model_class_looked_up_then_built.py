# The model class is looked up in a table first and built after (`cls = MODELS.get(name)`, then
# `cls(...)`), or picked by a literal key. An option may pick any entry, so each class runs on the raw
# matrix; a literal key picks one: the multi-layer perceptron that never reads the graph stays quiet.
import argparse

import networkx as nx
import torch


class Mixer(torch.nn.Module):
    def __init__(self, i, o):
        super().__init__()
        self.lin = torch.nn.Linear(i, o)

    def forward(self, x, adj):
        return self.lin(torch.mm(adj, x))


class Perceptron(torch.nn.Module):
    def __init__(self, i, o):
        super().__init__()
        self.lin = torch.nn.Linear(i, o)

    def forward(self, x, adj):
        return self.lin(x)


MODELS = {"mixer": Mixer, "mlp": Perceptron}

parser = argparse.ArgumentParser()
parser.add_argument("--model", default="mixer")
args = parser.parse_args()
adj = torch.tensor(nx.to_numpy_array(nx.karate_club_graph()), dtype=torch.float)
x = torch.randn(adj.shape[0], 8)

cls = MODELS.get(args.model)
model = cls(8, 2)
out = model(x, adj)  # error: [unnormalized-adjacency]

chosen = MODELS[args.model]
picked = chosen(8, 2)
out = picked(x, adj)  # error: [unnormalized-adjacency]

baseline = MODELS["mlp"](8, 2)
out = baseline(x, adj)
