# Modelled on benedekrozemberczki/SimGNN: an evaluation helper takes `-math.log(prediction)` of
# what the model returns, a sigmoid score. Nothing in the helper says so: the probability reaches
# it through the call, from a model whose forward ends in `torch.sigmoid`. A saturated score rounds
# to 0 and the log is -inf. A helper whose callers clamp first, or pass values that are not
# known to be probabilities, is left alone.
import math

import torch
from torch import nn


def calculate_loss(prediction, target):
    prediction = -math.log(prediction)  # error: [unguarded-log]
    target = -math.log(target)
    return (prediction - target) ** 2


def calculate_clamped_loss(prediction, target):
    return (-math.log(prediction) + math.log(target)) ** 2


class Scorer(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.scoring_layer = nn.Linear(dim, 1)

    def forward(self, h):
        score = torch.sigmoid(self.scoring_layer(h))
        return score


class Trainer:
    def __init__(self, dim):
        self.model = Scorer(dim)

    def score(self, batch, target):
        prediction = self.model(batch)
        return calculate_loss(prediction, target)

    def score_clamped(self, batch, target):
        prediction = self.model(batch).clamp(min=1e-7)
        return calculate_clamped_loss(prediction, target)


def attention_penalty(weights):
    first, second = weights
    return torch.log(second).sum()  # error: [unguarded-log]


def attention_pair(scores):
    return torch.softmax(scores[0], dim=0), torch.softmax(scores[1], dim=0)


def penalise(scores):
    return attention_penalty(attention_pair(scores))
