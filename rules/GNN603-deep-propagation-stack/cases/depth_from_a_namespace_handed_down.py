# The parsed command line reaches the code that builds the model through a function parameter,
# under whatever name that function gives it: the option's default still sets the depth, since
# every call of the function hands it what `parse_known_args()` parsed. A settings object that
# merely has an attribute of the same name (built by the script, not parsed) sets nothing known.
import argparse

import torch
from torch_geometric.nn import ChebConv


class Chain(torch.nn.Module):
    def __init__(self, width, hops):
        super().__init__()
        self.steps = torch.nn.ModuleList([ChebConv(width, width, K=2) for _ in range(hops)])

    def forward(self, x, edge_index):
        for step in self.steps:
            x = step(x, edge_index)  # warning: [deep-propagation-stack]
        return x


class Settings:
    def __init__(self, hops):
        self.hops = hops


def build(settings):
    return Chain(16, settings.hops)


def build_from_flags(flags):
    return Chain(16, flags.hops)


if __name__ == "__main__":
    cli = argparse.ArgumentParser()
    cli.add_argument("--hops", type=int, default=9)
    parsed, _rest = cli.parse_known_args()
    model = build_from_flags(parsed)
    other = build(Settings(int(input())))
