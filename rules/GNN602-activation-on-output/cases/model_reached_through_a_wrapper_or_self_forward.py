# Modelled on multi-GPU and scripted training examples: the model is built together with the data
# in one tuple assignment, wrapped for data parallelism or compiled to TorchScript, and called
# through the wrapper; and on models that compute their own loss by calling `self.forward`. The
# wrapper runs the wrapped model's forward, so its ReLU head is what the loss receives.
import torch
import torch.nn.functional as F
from torch import nn
from torch.nn.parallel import DistributedDataParallel
from torch_geometric.nn import SAGEConv


class Scores(nn.Module):
    def __init__(self, d_in, d_out):
        super().__init__()
        self.conv = SAGEConv(d_in, d_out)

    def forward(self, x, edge_index):
        return F.relu(self.conv(x, edge_index))  # warning: [activation-on-output]


class Regressor(nn.Module):
    def __init__(self, d_in):
        super().__init__()
        self.conv = SAGEConv(d_in, 1)

    def forward(self, x, edge_index):
        return F.leaky_relu(self.conv(x, edge_index))  # warning: [activation-on-output]

    def fit_step(self, data):
        pred = self.forward(data.x, data.edge_index)
        return F.mse_loss(pred.squeeze(-1), data.y)


class Raw(nn.Module):
    def __init__(self, d_in, d_out):
        super().__init__()
        self.conv = SAGEConv(d_in, d_out)

    def forward(self, x, edge_index):
        return self.conv(x, edge_index)


def run(rank, data, d_in, classes):
    net, data = Scores(d_in, classes).to(rank), data.to(rank)
    net = DistributedDataParallel(net, device_ids=[rank])
    logits = net(data.x, data.edge_index)
    F.cross_entropy(logits[data.train_mask], data.y[data.train_mask]).backward()

    plain = torch.jit.script(Raw(d_in, classes))
    F.cross_entropy(plain(data.x, data.edge_index), data.y).backward()
