# Modelled on node classifiers whose model returns `F.log_softmax(...)` and whose training code turns
# that back into probabilities with `torch.exp(out)` / `out.exp()` before handing them to
# `F.cross_entropy`, which applies softmax again. The log-probabilities themselves given to
# `F.nll_loss`, the exponential used only for a metric, and the exponential of raw logits (no
# log_softmax to undo) stay quiet.
import torch
import torch.nn as nn
import torch.nn.functional as F


class Classifier(nn.Module):
    def __init__(self, nin, nclass):
        super().__init__()
        self.lin = nn.Linear(nin, nclass)

    def forward(self, x):
        return F.log_softmax(self.lin(x), dim=-1)


class Scorer(nn.Module):
    def __init__(self, nin, nclass):
        super().__init__()
        self.lin = nn.Linear(nin, nclass)

    def forward(self, x):
        return self.lin(x)


def train_step(x, y, optimizer):
    model = Classifier(16, 4)
    out = model(x)
    prob = torch.exp(out)
    loss = F.cross_entropy(prob, y)  # error: [softmax-before-crossentropy]
    loss.backward()
    optimizer.step()


def train_inline(x, y, lin):
    logp = F.log_softmax(lin(x), dim=1)
    loss = F.cross_entropy(logp.exp(), y)  # error: [softmax-before-crossentropy]
    loss.backward()


def train_nll(x, y, optimizer):
    model = Classifier(16, 4)
    out = model(x)
    confidence = out.exp().max(dim=1).values.mean()
    loss = F.nll_loss(out, y)
    loss.backward()
    optimizer.step()
    return confidence


def train_scores(x, y, optimizer):
    model = Scorer(16, 4)
    out = model(x)
    loss = F.cross_entropy(torch.exp(out), y)
    loss.backward()
    optimizer.step()
