# Modelled on an OGB protein-graph script: the command line names the network ("gin-virtual" by
# default), branches over that name set the layer type DGL-LifeSci's OGB model is built with, and
# the default picks its GIN layers, which add up the neighbours' messages with no normalisation.
import argparse

import torch
from dgllife.model import GNNOGBPredictor


def fit(net, loader, opt):
    for graph, feats, target in loader:
        loss = torch.nn.functional.cross_entropy(net(graph, feats), target)
        opt.zero_grad()
        loss.backward()
        opt.step()  # warning: [missing-gradient-clipping]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--net", type=str, default="gin-virtual")
    options = parser.parse_args()
    if options.net == "gcn":
        layer, virtual = "gcn", False
    if options.net == "gin":
        layer = "gin"
        virtual = False
    if options.net in ("gin-virtual",):
        layer = "gin"
        virtual = True
    if options.net == "gcn-virtual":
        layer = "gcn"
        virtual = True
    net = GNNOGBPredictor(in_edge_feats=7, hidden_feats=300, n_tasks=37, gnn_type=layer, virtual_node=virtual)
    fit(net, [], torch.optim.Adam(net.parameters(), lr=1e-3))
