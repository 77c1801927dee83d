# Modelled on a task wrapper of a graph learning library (SGL's NodeClassification): the constructor
# takes the model and the rate and builds its Adam right there with the rate as given. A literal rate
# handed to the class is the rate Adam runs at; one the constructor scales down first is not.
import torch
import torch.nn.functional as F


class NodeTask:
    def __init__(self, model, data, lr, weight_decay, epochs=200):
        self.model = model
        self.optimizer = torch.optim.Adam(model.parameters(), lr=lr, weight_decay=weight_decay)
        for _ in range(epochs):
            self.optimizer.zero_grad()
            F.cross_entropy(model(data.x), data.y).backward()
            self.optimizer.step()


class WarmTask:
    def __init__(self, model, data, lr, epochs=200):
        lr = lr / 100  # the rate given is a multiple of the base rate
        self.optimizer = torch.optim.Adam(model.parameters(), lr=lr)
        for _ in range(epochs):
            self.optimizer.zero_grad()
            F.cross_entropy(model(data.x), data.y).backward()
            self.optimizer.step()


class PairedWarmTask:
    def __init__(self, model, data, lr, wd, epochs=200):
        lr, wd = lr / 100, wd / 100  # rebound by unpacking: the rate given is scaled down too
        self.optimizer = torch.optim.Adam(model.parameters(), lr=lr, weight_decay=wd)
        for _ in range(epochs):
            self.optimizer.zero_grad()
            F.cross_entropy(model(data.x), data.y).backward()
            self.optimizer.step()


def run(model, data):
    NodeTask(model, data, lr=0.1, weight_decay=5e-5)  # warning: [high-learning-rate]
    NodeTask(model, data, lr=0.01, weight_decay=0.5)
    WarmTask(model, data, lr=0.5)
    PairedWarmTask(model, data, lr=0.5, wd=0.1)
