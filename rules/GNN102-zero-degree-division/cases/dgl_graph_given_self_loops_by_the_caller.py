# Modelled on DGL tutorial GCN layers: a helper takes the degrees of the graph it is given (after
# `g.local_var()`, a copy with the same edges); one caller adds self-loops first, the other not.
import dgl
import dgl.function as fn


def propagate(g, feat):
    g = g.local_var()
    norm = g.in_degrees().float() ** -0.5
    g.ndata["h"] = feat * norm.unsqueeze(1)
    g.update_all(fn.copy_u("h", "m"), fn.sum("m", "h"))
    return g.ndata["h"] * norm.unsqueeze(1)


def smooth(g, feat):
    g = g.local_var()
    norm = g.in_degrees().float() ** -0.5  # error: [zero-degree-division]
    g.ndata["h"] = feat * norm.unsqueeze(1)
    g.update_all(fn.copy_u("h", "m"), fn.sum("m", "h"))
    return g.ndata["h"] * norm.unsqueeze(1)


graph = dgl.data.CoraGraphDataset()[0]
looped = dgl.add_self_loop(graph)
out = propagate(looped, looped.ndata["feat"])
raw = smooth(graph, graph.ndata["feat"])
