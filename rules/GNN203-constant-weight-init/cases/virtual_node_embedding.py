# Modelled on ogb examples/graphproppred/mol/conv.py (and the pyg, dgl copies): the virtual node is
# an Embedding(1, d) set to 0, a vector added to every node's state like a bias. An embedding table
# is looked up, not multiplied by an input, so a constant start breaks no symmetry.
import torch


class VirtualNodeGNN(torch.nn.Module):
    def __init__(self, emb_dim):
        super().__init__()
        self.virtualnode_embedding = torch.nn.Embedding(1, emb_dim)
        torch.nn.init.constant_(self.virtualnode_embedding.weight.data, 0)
        self.mlp = torch.nn.Linear(emb_dim, emb_dim)
        torch.nn.init.constant_(self.mlp.weight.data, 0)  # error: [constant-weight-init]
