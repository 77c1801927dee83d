# Modelled on a tutorial GCN layer: the degree matrix is kept on the instance and then replaced, in the
# same constructor, by its dense inverse: the second store reads the first.
import torch
import torch.nn as nn


class Layer(nn.Module):
    def __init__(self, a, n_in, n_out):
        super().__init__()
        self.a_hat = a + torch.eye(a.size(0))
        self.d = torch.diag(torch.sum(self.a_hat, 1))
        self.d = self.d.inverse().sqrt()  # warning: [dense-diagonal-inverse]
        self.a_hat = torch.mm(torch.mm(self.d, self.a_hat), self.d)
        self.lin = nn.Linear(n_in, n_out)

    def forward(self, x):
        return torch.mm(self.a_hat, self.lin(x))
