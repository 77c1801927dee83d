# Modelled on ogb examples/nodeproppred/mag/rgcn.py: one embedding per node type in a
# ParameterDict, initialised through `.values()` in a reset_parameters() that __init__ calls.
import torch
from torch.nn import Parameter, ParameterDict


class RGCN(torch.nn.Module):
    def __init__(self, in_channels, num_nodes_dict):
        super().__init__()
        self.emb_dict = ParameterDict({
            key: Parameter(torch.Tensor(num_nodes, in_channels))
            for key, num_nodes in num_nodes_dict.items()
        })
        self.reset_parameters()

    def reset_parameters(self):
        for emb in self.emb_dict.values():
            torch.nn.init.xavier_uniform_(emb)


class Forgotten(torch.nn.Module):
    def __init__(self, in_channels, num_nodes_dict):
        super().__init__()
        self.emb_dict = ParameterDict({
            key: Parameter(torch.Tensor(num_nodes, in_channels))  # error: [uninitialized-parameter]
            for key, num_nodes in num_nodes_dict.items()
        })
