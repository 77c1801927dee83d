# Modelled on a discrete graph-diffusion model's reconstruction term: the softmax of the predicted
# node and edge classes is wrapped in a small holder object (its __init__ keeps each argument as a
# field), padded rows are overwritten with ones, and the loss takes the log of the fields. The rows
# that are not padding still hold raw probabilities: one that underflows to 0 gives -inf, and the
# one-hot target's 0 times -inf gives NaN. Zeros overwritten by a test on the probabilities
# themselves, or a whole overwrite with a clamped copy, are guards.
import torch
import torch.nn.functional as F


class Holder:
    def __init__(self, nodes, edges):
        self.nodes = nodes
        self.edges = edges


class Denoiser(torch.nn.Module):
    def __init__(self, width, classes):
        super().__init__()
        self.out = torch.nn.Linear(width, classes)

    def probabilities(self, h, e, node_mask):
        p_nodes = F.softmax(self.out(h), dim=-1)
        p_edges = F.softmax(e, dim=-1)
        p_nodes[~node_mask] = torch.ones(p_nodes.size(-1)).type_as(p_nodes)
        return Holder(p_nodes, p_edges)

    def reconstruction(self, h, e, x_onehot, e_onehot, node_mask):
        held = self.probabilities(h, e, node_mask)
        node_term = (x_onehot * held.nodes.log()).sum()  # error: [unguarded-log]
        edge_term = (e_onehot * held.edges.log()).sum()  # error: [unguarded-log]
        return node_term + edge_term

    def guarded(self, h, x_onehot):
        p = F.softmax(self.out(h), dim=-1)
        p[p == 0] = 1e-12
        q = F.softmax(self.out(h), dim=-1)
        q[:] = q.clamp(min=1e-12)
        return (x_onehot * p.log()).sum() + (x_onehot * q.log()).sum()
