# Look-alikes of graph_kept_raw_on_the_default_path_of_options.py that stay quiet: a switch hands the
# graph to a normaliser this analysis has no row for (a third-party package, or a project helper
# that calls one). Whether the run normalizes then depends on the switch: where the run without
# flags turns it on (`--norm` defaults to True), the raw path is not the default one; where the
# switch's default is not known, what the call returns may be normalized. Nothing is claimed.
import argparse

import graphkit
import numpy as np
import scipy.sparse as sp
import torch


def from_edges(path):
    pairs = np.loadtxt(path, dtype=np.int64)
    n = int(pairs.max()) + 1
    m = sp.coo_matrix((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])), shape=(n, n))
    return torch.FloatTensor(np.array(m.todense()))


def smoothed(graph):
    graph = graph + torch.eye(graph.shape[0])
    return graphkit.laplace_smooth(graph)


parser = argparse.ArgumentParser()
parser.add_argument("--norm", type=bool, default=True)
parser.add_argument("--smooth", action="store_false")
args = parser.parse_args()

graph = from_edges("edges.txt")
if args.norm:
    graph = graphkit.sym_normalize(graph)
out = torch.mm(graph, torch.randn(graph.shape[0], 8))

other = from_edges("edges.txt")
if args.smooth:
    other = smoothed(other)
out = torch.mm(other, torch.randn(other.shape[0], 8))

third = from_edges("edges.txt")
if settings.normalize:
    third = graphkit.sym_normalize(third)
out = torch.mm(third, torch.randn(third.shape[0], 8))
