# One rate option shared by the optimizers a string option picks between: only the optimizer the
# option's default picks is the run's. At 0.1 plain SGD is fine and Adam overshoots, so the Adam arm
# is reported where the default picks it, and stays quiet where the default picks SGD.
import argparse

import torch

parser = argparse.ArgumentParser()
parser.add_argument("--solver", default="sgd")
parser.add_argument("--adaptive_solver", default="adam")
parser.add_argument("--step_size", type=float, default=0.1)
args = parser.parse_args()


def build_default_sgd(model):
    if args.solver == "sgd":
        return torch.optim.SGD(model.parameters(), lr=args.step_size, momentum=0.9)
    elif args.solver == "adam":
        return torch.optim.Adam(model.parameters(), lr=args.step_size)
    raise ValueError(args.solver)


def build_default_adam(model):
    if args.adaptive_solver == "sgd":
        return torch.optim.SGD(model.parameters(), lr=args.step_size, momentum=0.9)
    elif args.adaptive_solver == "adam":
        return torch.optim.Adam(model.parameters(), lr=args.step_size)  # warning: [high-learning-rate]
    raise ValueError(args.adaptive_solver)


def build_undecided(model, kind):
    if kind == "adam":  # a parameter's value: every arm may run
        return torch.optim.Adam(model.parameters(), lr=args.step_size)  # warning: [high-learning-rate]
    return torch.optim.SGD(model.parameters(), lr=args.step_size)
