# Modelled on Graph Transformer Networks' --adaptive_lr: the transformer layers get their own Adam
# param group with `"lr": 0.5`. A group's rate overrides the constructor's `lr=` for its parameters,
# so it is the group's rate that is judged.
import torch


def optimizers(model, adaptive):
    if not adaptive:
        return torch.optim.Adam(model.parameters(), lr=0.005, weight_decay=0.001)
    return torch.optim.Adam([{"params": model.weight},
                             {"params": model.linear.parameters()},
                             {"params": model.layers.parameters(), "lr": 0.5},  # warning: [high-learning-rate]
                             ], lr=0.005, weight_decay=0.001)


def fine_tuning(model):
    groups = [{"params": model.encoder.parameters(), "lr": 1e-4},
              {"params": model.head.parameters(), "lr": 0.2}]  # warning: [high-learning-rate]
    return torch.optim.AdamW(groups, lr=1e-3)


def embeddings_apart(model):
    return torch.optim.RMSprop([dict(params=model.embed.parameters(), lr=0.1),  # warning: [high-learning-rate]
                                dict(params=model.convs.parameters())], lr=1e-3)


def per_layer(model):
    # Every group's rate in Adam's usual range: nothing to report.
    return torch.optim.Adam([{"params": model.embed.parameters(), "lr": 0.01},
                             {"params": model.convs.parameters()}], lr=0.005)


def sgd_groups(model):
    # SGD tolerates more: 0.5 is below its threshold of 1.0.
    return torch.optim.SGD([{"params": model.convs.parameters(), "lr": 0.5}], lr=0.1, momentum=0.9)
