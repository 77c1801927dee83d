# Modelled on dgl examples/pytorch/GATNE-T/src/main_sparse.py: embedding tables drawn from
# U(-1, 1). A table's rows are looked up, not multiplied by an input: there is no fan-in to scale
# by (nn.Embedding's own default is N(0, 1)). A linear layer's weight drawn the same way is.
import torch.nn as nn


class GATNE(nn.Module):
    def __init__(self, num_nodes, dim):
        super().__init__()
        self.node_embeddings = nn.Embedding(num_nodes, dim)
        self.node_type_embeddings = nn.Embedding(num_nodes, dim)
        self.proj = nn.Linear(dim, dim)
        self.node_embeddings.weight.data.uniform_(-1.0, 1.0)
        self.node_type_embeddings.weight.data.uniform_(-1.0, 1.0)
        self.proj.weight.data.uniform_(-1.0, 1.0)  # warning: [unscaled-init]
