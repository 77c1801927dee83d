# A gate is known by its use, not its name: a sigmoid whose output scales another value
# elementwise, or a tanh score turned into attention coefficients by a softmax, is squashed on
# purpose; a tanh whose output is the next layer's input is a hidden activation, even when it is
# stored under a name like `gate`.
import torch
from torch import nn
from torch_geometric.utils import softmax


class Readout(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.lin1 = nn.Linear(c, c)
        self.lin2 = nn.Linear(c, c)
        self.lin3 = nn.Linear(c, 1)
        self.lin4 = nn.Linear(c, c)

    def forward(self, x, batch):
        g = torch.sigmoid(self.lin1(x))
        h = self.lin2(g * x)
        s = torch.tanh(self.lin3(h))
        a = softmax(s, batch)
        h = self.lin4(a * h)
        gate = torch.tanh(self.lin2(h))  # info: [saturating-hidden-activation]
        return self.lin4(gate)
