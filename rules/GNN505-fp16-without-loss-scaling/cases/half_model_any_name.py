# A module cast to half and trained without loss scaling is the hazard whatever the variable is
# called: it is a model because it is called on the inputs (a tensor is not callable). A tensor
# cast to half for storage is not a model.
import torch


def fit(layer, inputs, targets, steps):
    clf = layer.half()  # error: [fp16-without-loss-scaling]
    opt = torch.optim.SGD(clf.parameters(), lr=0.1)
    buf = inputs.half()
    for _ in range(steps):
        loss = ((clf(buf) - targets) ** 2).mean()
        loss.backward()
        opt.step()
