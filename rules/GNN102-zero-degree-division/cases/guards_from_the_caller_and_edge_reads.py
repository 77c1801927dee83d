# Modelled on dgl examples/pytorch/dagnn/main.py and sign/sign.py. A layer inverting the in-degrees
# of the graph it is given is safe when every call of the model passes a graph with self-loops
# (`g.add_self_loop()` in `main()`, reached through `model(g, x)` and `self.prop(g, x)`). A degree
# field read only by DGL's built-in message functions at the end it was counted at (in-degrees at
# the destination, out-degrees at the source) is >= 1 wherever it is read.
import dgl.function as fn
import torch
from torch import nn


class Propagate(nn.Module):
    def __init__(self, steps):
        super().__init__()
        self.steps = steps

    def forward(self, g, h):
        with g.local_scope():
            scale = torch.pow(g.in_degrees().float(), -0.5).unsqueeze(1)
            for _ in range(self.steps):
                g.ndata["h"] = h * scale
                g.update_all(fn.copy_u("h", "m"), fn.sum("m", "h"))
                h = g.ndata["h"] * scale
            return h


class Model(nn.Module):
    def __init__(self, dim, steps):
        super().__init__()
        self.lin = nn.Linear(dim, dim)
        self.prop = Propagate(steps)

    def forward(self, g, h):
        return self.prop(g, self.lin(h))


def train(dataset, dim):
    g = dataset[0].add_self_loop()
    model = Model(dim, 4).to("cpu")
    return model(g, g.ndata["feat"])


def edge_weights(g):
    with g.local_scope():
        g.ndata["din"] = g.in_degrees().float().pow(-0.5)
        g.ndata["dout"] = g.out_degrees().float().pow(-0.5)
        g.apply_edges(fn.u_mul_v("dout", "din", "w"))
        return g.edata["w"]


def swapped_edge_weights(g):
    with g.local_scope():
        g.ndata["din"] = g.in_degrees().float().pow(-0.5)  # error: [zero-degree-division]
        g.apply_edges(fn.u_mul_v("din", "din", "w"))  # the source end of an edge may have no in-edge
        return g.edata["w"]


def node_weights(g):
    with g.local_scope():
        g.ndata["dout"] = g.out_degrees().float().pow(-0.5)  # error: [zero-degree-division]
        return g.ndata["dout"] * 2  # read at every node, isolated ones included
