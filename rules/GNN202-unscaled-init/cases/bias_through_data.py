# Modelled on dgl examples/pytorch/dgmg/utils.py: a bias reached through `.data` is still a bias,
# with no fan-in to scale by.
import torch.nn as nn
from torch.nn import init


def weights_init(m):
    if isinstance(m, nn.Linear):
        init.xavier_normal_(m.weight.data)
        init.normal_(m.bias.data)
        init.normal_(m.weight.data)  # warning: [unscaled-init]
