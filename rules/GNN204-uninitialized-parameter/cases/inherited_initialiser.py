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


# A base class of this file shows what the subclass inherits: `self.act(...)` calls the activation
# the base stored, no method of the base, so nothing inherited sets the subclass's new weight.
class Encoder(nn.Module):
    def __init__(self, a, b, act):
        super().__init__()
        self.act = act
        self.w = nn.Parameter(torch.empty(a, b))
        nn.init.xavier_uniform_(self.w)

    def forward(self, x):
        return self.act(x @ self.w)


class SkipEncoder(Encoder):
    def __init__(self, a, b, act):
        super().__init__(a, b, act)
        self.skip = nn.Parameter(torch.Tensor(a, b))  # error: [uninitialized-parameter]

    def forward(self, x):
        return self.act(x @ self.w) + x @ self.skip


class SetupEncoder(Encoder):
    def __init__(self, a, b, act):
        super().__init__(a, b, act)
        self.skip = nn.Parameter(torch.Tensor(a, b))
        self.setup()  # not defined by Encoder either: may come from elsewhere, so no finding

    def forward(self, x):
        return self.act(x @ self.w) + x @ self.skip
