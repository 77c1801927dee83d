# Modelled on attention layers that sum edge scores per node with the function form
# `torch.index_add(input, dim, index, source)`: the values summed are the fourth argument (`source`),
# the first is the zeros they are added into. A node whose incoming ReLU scores are all 0 has sum 0
# and its edges get 0 / 0 = NaN. An epsilon on the sum read back guards it.
import torch


def attention(logits, index, num_nodes):
    alpha = torch.relu(logits)
    total = torch.index_add(torch.zeros(num_nodes), 0, index, alpha)
    return alpha / total[index]  # warning: [unguarded-division]


def attention_guarded(logits, index, num_nodes):
    alpha = torch.relu(logits)
    total = torch.index_add(torch.zeros(num_nodes), 0, index, alpha)
    return alpha / (total[index] + 1e-16)
