# Angles are recognised by the library constant pi in the upper bound, however it is imported, not
# by a name spelt `pi`: U(0, 2 * PI) with `from math import pi as PI` draws phases (RotatE), while
# a local number that happens to be called `pi` is just a bound.
import math
from math import pi as PI

import torch

phases = torch.nn.Parameter(torch.empty(100, 32))
torch.nn.init.uniform_(phases, 0, 2 * PI)
torch.nn.init.uniform_(phases, 0, 2 * math.pi)

pi = 3
weights = torch.nn.Parameter(torch.empty(32, 32))
torch.nn.init.uniform_(weights, 0, pi)  # error: [positive-uniform-init]
