# Modelled on node-classification scripts whose train() receives the criterion built in main
# (`criterion = nn.CrossEntropyLoss()`, `train(model, data, criterion, optimizer)`) while the
# model's forward already ends in a softmax. A criterion bound to different losses by different
# calls (NLLLoss in one, CrossEntropyLoss in another) is not judged.
import torch
import torch.nn as nn
import torch.nn.functional as F


class Net(nn.Module):
    def __init__(self, nin, nc):
        super().__init__()
        self.lin1 = nn.Linear(nin, 64)
        self.lin2 = nn.Linear(64, nc)

    def forward(self, x):
        return F.softmax(self.lin2(F.relu(self.lin1(x))), dim=1)


def train(model, x, y, criterion, optimizer):
    optimizer.zero_grad()
    loss = criterion(model(x), y)  # error: [softmax-before-crossentropy]
    loss.backward()
    optimizer.step()


def evaluate(model, x, y, metric):
    return metric(model(x), y)


def main(x, y):
    model = Net(100, 7)
    criterion = nn.CrossEntropyLoss()
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    for _ in range(100):
        train(model, x, y, criterion, optimizer)
    evaluate(model, x, y, nn.NLLLoss())
    evaluate(model, x, y, nn.CrossEntropyLoss())
