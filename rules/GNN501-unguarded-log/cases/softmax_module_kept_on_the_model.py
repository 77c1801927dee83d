# Modelled on tutorial classifiers that keep the output activation as a module attribute
# (`self.softmax = nn.Softmax(dim=1)`) and a training helper that receives the model and takes the
# log of its output: the model's forward ends in the softmax, so the log underflows. The same
# output clamped away from 0 before the log stays quiet.
import torch
import torch.nn as nn


class Classifier(nn.Module):
    def __init__(self, dim, classes):
        super().__init__()
        self.fc = nn.Linear(dim, classes)
        self.act = nn.Softmax(dim=1)

    def forward(self, x):
        return self.act(self.fc(x))


def nll(net, x, y):
    p = net(x)
    return -torch.log(p[torch.arange(len(y)), y]).mean()  # error: [unguarded-log]


def guarded_nll(net, x, y):
    p = net(x).clamp(min=1e-9)
    return -torch.log(p[torch.arange(len(y)), y]).mean()


x, y = torch.randn(8, 4), torch.randint(0, 3, (8,))
nll(Classifier(4, 3), x, y).backward()
guarded_nll(Classifier(4, 3), x, y).backward()
