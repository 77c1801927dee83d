# A method called on self that the class does not define may be inherited and initialise every
# parameter, whatever it is called (`self.setup()` as much as `self.reset_parameters()`); methods
# torch.nn.Module defines that set no values (`register_buffer`) leave the allocation uninitialised.
import torch
from torch import nn

from project.layers import Base


class Layer(Base):
    def __init__(self, a, b):
        super().__init__()
        self.w = nn.Parameter(torch.empty(a, b))
        self.setup()


class Plain(nn.Module):
    def __init__(self, a, b):
        super().__init__()
        self.w = nn.Parameter(torch.empty(a, b))  # error: [uninitialized-parameter]
        self.register_buffer("mask", torch.ones(a))
