# Modelled on a graph transformer layer in DGL that writes its edge softmax by hand: exp-scores on
# the edges, the weighted values and the scores each summed into the destination node
# (`send_and_recv(..., fn.sum("score", "z"))`), then `wV / z`. A node with no incoming edge (sparse
# graphs without self-loops) gets an empty sum, z = 0 and wV = 0: 0 / 0 = NaN. The edge-feature
# variant of the same layer adds 1e-6 to z.
import dgl
import dgl.function as fn
import torch
import torch.nn as nn


class HandAttention(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.q, self.k, self.v = nn.Linear(dim, dim), nn.Linear(dim, dim), nn.Linear(dim, dim)

    def propagate(self, g):
        g.apply_edges(fn.u_dot_v("K", "Q", "score"))
        g.edata["score"] = torch.exp(g.edata["score"].clamp(-5, 5))
        eids = g.edges()
        g.send_and_recv(eids, fn.u_mul_e("V", "score", "V"), fn.sum("V", "wV"))
        g.send_and_recv(eids, fn.copy_e("score", "score"), fn.sum("score", "z"))

    def forward(self, g, h):
        g.ndata["Q"], g.ndata["K"], g.ndata["V"] = self.q(h), self.k(h), self.v(h)
        self.propagate(g)
        return g.ndata["wV"] / g.ndata["z"]  # warning: [unguarded-division]


class HandAttentionRenamed(nn.Module):
    def __init__(self, width):
        super().__init__()
        self.lin = nn.Linear(width, width)

    def forward(self, graph, feat):
        graph.ndata["h"] = self.lin(feat)
        graph.apply_edges(fn.u_dot_v("h", "h", "s"))
        graph.edata["s"] = torch.exp(graph.edata["s"].clamp(-5, 5))
        graph.update_all(fn.u_mul_e("h", "s", "m"), fn.sum("m", "acc"))
        graph.update_all(fn.copy_e("s", "m"), fn.sum("m", "den"))
        den = graph.ndata["den"]
        return graph.ndata["acc"] / den  # warning: [unguarded-division]


class HandAttentionGuarded(HandAttention):
    def forward(self, g, h):
        g.ndata["Q"], g.ndata["K"], g.ndata["V"] = self.q(h), self.k(h), self.v(h)
        self.propagate(g)
        return g.ndata["wV"] / (g.ndata["z"] + torch.full_like(g.ndata["z"], 1e-6))


class HandAttentionPopped(nn.Module):
    def __init__(self, width):
        super().__init__()
        self.lin = nn.Linear(width, width)

    def forward(self, graph, feat):
        graph.ndata["h"] = self.lin(feat)
        graph.apply_edges(fn.u_dot_v("h", "h", "s"))
        graph.edata["s"] = torch.exp(graph.edata["s"].clamp(-5, 5))
        graph.update_all(fn.u_mul_e("h", "s", "m"), fn.sum(msg="m", out="agg"))
        graph.update_all(fn.copy_e("s", "m"), fn.sum(msg="m", out="norm"))
        return graph.ndata.pop("agg") / graph.ndata.pop("norm")  # warning: [unguarded-division]


class HandAttentionSelfLoops(nn.Module):
    """Every node keeps an edge to itself: no sum over incoming edges is empty."""

    def __init__(self, width):
        super().__init__()
        self.lin = nn.Linear(width, width)

    def forward(self, graph, feat):
        graph = dgl.add_self_loop(graph)
        graph.ndata["h"] = self.lin(feat)
        graph.apply_edges(fn.u_dot_v("h", "h", "s"))
        graph.edata["s"] = torch.exp(graph.edata["s"].clamp(-5, 5))
        graph.update_all(fn.u_mul_e("h", "s", "m"), fn.sum("m", "agg"))
        graph.update_all(fn.copy_e("s", "m"), fn.sum("m", "norm"))
        return graph.ndata["agg"] / graph.ndata["norm"]
