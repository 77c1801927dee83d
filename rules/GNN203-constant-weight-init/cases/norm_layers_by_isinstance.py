# Modelled on lightaime/deep_gcns_torch gcn_lib/dense/torch_nn.py: the modules a loop reaches are
# told apart by `isinstance` tests, here joined with `or`. A norm layer's scale set to 1 is right;
# a convolution's weight set to 1 is not.
from torch import nn


def reset(model):
    for m in model.modules():
        if isinstance(m, nn.Conv2d):
            m.weight.data.fill_(1)  # error: [constant-weight-init]
            m.bias.data.zero_()
        elif isinstance(m, nn.BatchNorm2d) or isinstance(m, nn.InstanceNorm2d):
            m.weight.data.fill_(1)
            m.bias.data.zero_()
