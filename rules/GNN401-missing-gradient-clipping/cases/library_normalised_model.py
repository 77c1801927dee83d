# The look-alike of library_sum_model.py: DGL-LifeSci's GCN predictor normalises each message by
# the degrees at both ends, so nothing in the model makes a spike likely and the missing clipping
# is only info.
import torch
from dgllife.model import GCNPredictor

model = GCNPredictor(in_feats=74, hidden_feats=[64, 64], n_tasks=12)
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)


def train(loader):
    for graph, feats, labels in loader:
        loss = torch.nn.functional.binary_cross_entropy_with_logits(model(graph, feats), labels)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()  # info: [missing-gradient-clipping]
