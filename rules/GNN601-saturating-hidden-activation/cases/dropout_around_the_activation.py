# Modelled on MLP readouts that write dropout around the activation of each hidden layer
# (`x = F.dropout(torch.tanh(self.fc1(x)), p, training)`): the tanh still feeds the next layer.
# The ReLU twin, and a tanh whose dropout output leaves the model, stay quiet.
import torch
import torch.nn as nn
import torch.nn.functional as F


class TanhMLP(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.fc1 = nn.Linear(d, 64)
        self.fc2 = nn.Linear(64, 1)

    def forward(self, x):
        x = F.dropout(torch.tanh(self.fc1(x)), p=0.2, training=self.training)  # info: [saturating-hidden-activation]
        return self.fc2(x)


class ReluMLP(TanhMLP):
    def forward(self, x):
        x = F.dropout(torch.relu(self.fc1(x)), p=0.2, training=self.training)
        return self.fc2(x)


class TanhOutput(TanhMLP):
    def forward(self, x):
        x = self.fc1(x)
        return F.dropout(torch.tanh(self.fc2(x)), p=0.2, training=self.training)
