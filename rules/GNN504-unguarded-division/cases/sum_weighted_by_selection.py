# Modelled on a random-walk attention model that picks the label of its next step in proportion to
# attention over the labels found among the current node's neighbours: an indicator built entry by
# entry from a membership test (`1.0 if n in neighbours else 0.0`) weights the features, and the
# weighted values are normalised by their sum. When the test selects nothing (a node whose
# neighbours are not in the list, a threshold no entry passes) every entry is 0, so is the sum over
# the whole tensor, and the normalised weights are 0 / 0 = NaN. An epsilon or a clamp guards it;
# a mask the code is given (a split's train mask) is not a test on data and stays quiet.
import numpy as np
import torch


def sample_label(attention, neighbours, nodes, features):
    indicator = torch.tensor([1.0 if n in neighbours else 0.0 for n in nodes])
    reached = torch.mm(indicator.view(1, -1), features)
    spread = attention * reached
    weights = spread / spread.sum()  # warning: [unguarded-division]
    return np.random.choice(len(weights.view(-1)), p=weights.detach().numpy().reshape(-1))


def sample_label_renamed(scores, kept, items, table):
    picked = torch.tensor([1.0 if i in kept else 0.0 for i in items])
    rows = picked.view(1, -1) @ table
    mass = scores * rows
    return mass / mass.sum()  # warning: [unguarded-division]


def weight_above_threshold(values, scores, level=0.5):
    passing = torch.where(scores > level, 1.0, 0.0)
    weighted = values * passing
    return weighted / weighted.sum(dim=-1, keepdim=True)  # warning: [unguarded-division]


def sample_label_guarded(attention, neighbours, nodes, features):
    indicator = torch.tensor([1.0 if n in neighbours else 0.0 for n in nodes])
    spread = attention * torch.mm(indicator.view(1, -1), features)
    return spread / (spread.sum() + 1e-12)


def sample_label_clamped(attention, neighbours, nodes, features):
    indicator = torch.tensor([1.0 if n in neighbours else 0.0 for n in nodes])
    spread = attention * torch.mm(indicator.view(1, -1), features)
    return spread / spread.sum().clamp(min=1e-12)


def masked_share(values, train_mask):
    # the split's mask is given, and holds labelled nodes by construction
    kept = values * train_mask
    return kept / kept.sum()
