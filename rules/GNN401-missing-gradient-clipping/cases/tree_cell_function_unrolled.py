# Modelled on the junction-tree VAE's tree encoder: the GRU cell is a plain function of the module,
# called once per level of the tree; its new states go into a dictionary of messages that the
# next level reads back as its neighbours' states. Backpropagation runs through every level.
import torch
import torch.nn as nn


def gated_cell(x, h_nei, w_z, w_h):
    summed = h_nei.sum(dim=1)
    z = torch.sigmoid(w_z(torch.cat([x, summed], dim=1)))
    candidate = torch.tanh(w_h(torch.cat([x, summed], dim=1)))
    return (1.0 - z) * summed + z * candidate


class TreeEncoder(nn.Module):
    def __init__(self, vocab_size, hidden):
        super().__init__()
        self.hidden = hidden
        self.embedding = nn.Embedding(vocab_size, hidden)
        self.w_z = nn.Linear(2 * hidden, hidden)
        self.w_h = nn.Linear(2 * hidden, hidden)

    def forward(self, levels, padding):
        messages = {}
        for level in levels:
            inputs, neighbours = [], []
            for src, dst, word, around in level:
                inputs.append(word)
                neighbours.extend([messages.get((k, src), padding) for k in around])
            x = self.embedding(torch.tensor(inputs))
            h_nei = torch.stack(neighbours).view(len(inputs), -1, self.hidden)
            new_h = gated_cell(x, h_nei, self.w_z, self.w_h)
            for i, (src, dst, _, _) in enumerate(level):
                messages[(src, dst)] = new_h[i]
        return messages


class LeafScorer(nn.Module):
    """The same cell applied to each batch on its own: nothing is carried from one to the next."""

    def __init__(self, hidden):
        super().__init__()
        self.w_z = nn.Linear(2 * hidden, hidden)
        self.w_h = nn.Linear(2 * hidden, hidden)

    def forward(self, batches):
        scores = []
        for x, h_nei in batches:
            out = gated_cell(x, h_nei, self.w_z, self.w_h)
            scores.append(out.sum())
        return torch.stack(scores)


def train_encoder(batches, vocab_size):
    model = TreeEncoder(vocab_size, 64)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    for levels, padding, target in batches:
        optimizer.zero_grad()
        loss = sum(h.pow(2).sum() for h in model(levels, padding).values()) - target
        loss.backward()
        optimizer.step()  # warning: [missing-gradient-clipping]


def train_scorer(batches):
    model = LeafScorer(64)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    for pairs, target in batches:
        optimizer.zero_grad()
        loss = (model(pairs) - target).pow(2).mean()
        loss.backward()
        optimizer.step()  # info: [missing-gradient-clipping]
