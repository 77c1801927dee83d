# Modelled on benedekrozemberczki/GAM: a walker layer keeps an attention vector as an attribute,
# uniform when it is built (`ones(n) / n`, safe to take the log of), but the model around it writes
# a softmax into that attribute after every step (`self.walker.weights = ...`). The score read back
# from it leaves the layer through two tuple returns and reaches a log in the trainer: from the
# second step on it is softmax output, which underflows to 0. A log of an attribute that only
# ever holds the uniform start stays quiet.
import torch
from torch import nn


class Walker(nn.Module):
    def __init__(self, n, dim):
        super().__init__()
        self.weights = torch.ones(n) / n
        self.start = torch.ones(n) / n
        self.proj = nn.Linear(n, dim)

    def pick(self, node):
        score = self.weights[node]
        first = self.start[node]
        return self.proj(self.weights), score, first

    def forward(self, node):
        state, score, first = self.pick(node)
        return state, score, first


class Ranker(nn.Module):
    def __init__(self, dim, n):
        super().__init__()
        self.rank = nn.Linear(dim, n)

    def forward(self, state):
        weights = torch.softmax(self.rank(state), dim=-1)
        return state, weights


class Model(nn.Module):
    def __init__(self, n, dim):
        super().__init__()
        self.walker = Walker(n, dim)
        self.ranker = Ranker(dim, n)

    def forward(self, node):
        state, score, first = self.walker(node)
        state, weights = self.ranker(state)
        self.walker.weights = weights.view(-1)
        return state, score, first


class Trainer:
    def __init__(self, n, dim):
        self.model = Model(n, dim)

    def walk(self, steps):
        penalty = 0
        for t in range(steps):
            state, score, first = self.model(t)
            penalty = penalty + torch.log(score)  # error: [unguarded-log]
            penalty = penalty + torch.log(first)
        return penalty
