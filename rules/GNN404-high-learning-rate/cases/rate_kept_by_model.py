# Modelled on DeepRobust's model classes: the constructor keeps the learning rate it is given and
# `fit` builds its own Adam with it. A literal rate handed to the class is the rate Adam runs at,
# so it is judged where it is written.
import torch
import torch.nn as nn
import torch.nn.functional as F


class Simplified(nn.Module):
    def __init__(self, features, classes, lr=0.01, weight_decay=5e-4):
        super().__init__()
        self.linear = nn.Linear(features, classes)
        self.lr = lr
        self.weight_decay = weight_decay

    def fit(self, x, labels, epochs=200):
        optimizer = torch.optim.Adam(self.parameters(), lr=self.lr, weight_decay=self.weight_decay)
        for _ in range(epochs):
            optimizer.zero_grad()
            F.cross_entropy(self.linear(x), labels).backward()
            optimizer.step()


fast = Simplified(1433, 7,
                  lr=0.1)  # warning: [high-learning-rate]
fast_too = Simplified(1433, 7, 0.5)  # warning: [high-learning-rate]
usual = Simplified(1433, 7, lr=0.01)
decayed = Simplified(1433, 7, weight_decay=0.5)
