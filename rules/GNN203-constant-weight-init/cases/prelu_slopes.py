# Modelled on dgl examples/pytorch/bgrl/model.py: PReLU slopes filled with 0.25 (PReLU's own default)
# through a loop over a ModuleList of PReLUs. A slope multiplies no input; the loop over linear
# layers right after it does fill weight matrices.
import torch.nn as nn


class Encoder(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.activations = nn.ModuleList([nn.PReLU(), nn.PReLU()])
        self.lins = nn.ModuleList([nn.Linear(dim, dim), nn.Linear(dim, dim)])

    def reset_parameters(self):
        for m in self.activations:
            m.weight.data.fill_(0.25)
        for m in self.lins:
            m.weight.data.fill_(0.25)  # error: [constant-weight-init]
