# A rate is as high wherever it is written: a command-line default (`args.lr`), a config dict's
# entry, options unpacked into the optimizer (`**options`), a function's parameter (what its
# callers pass, or its default), an element of a tuple a helper returns, or the `__init__`
# parameter Lightning's `save_hyperparameters()` keeps as `self.hparams.lr`. Each is judged by the
# lowest value it may take, so a rate that one call or arm sets low stays quiet.
import argparse

import pytorch_lightning as pl
import torch

parser = argparse.ArgumentParser()
parser.add_argument("--lr", type=float, default=0.5)
parser.add_argument("--fine_lr", type=float, default=0.005)
args = parser.parse_args()
config = {"lr": 0.3, "epochs": 200}
quiet_config = {"lr": 0.003, "epochs": 200}


def from_command_line(model):
    return torch.optim.Adam(model.parameters(), lr=args.lr)  # warning: [high-learning-rate]


def fine_tuned(model):
    return torch.optim.Adam(model.parameters(), lr=args.fine_lr)


def from_config(model):
    return torch.optim.Adam(model.parameters(), lr=config["lr"])  # warning: [high-learning-rate]


def from_quiet_config(model):
    return torch.optim.Adam(model.parameters(), lr=quiet_config["lr"])


def from_options(model):
    options = dict(lr=0.2, weight_decay=5e-4)
    return torch.optim.RMSprop(model.parameters(), **options)  # warning: [high-learning-rate]


def from_default(model, rate=0.5):
    return torch.optim.Adam(model.parameters(), lr=rate)  # warning: [high-learning-rate]


def from_callers(model, rate):
    return torch.optim.Adam(model.parameters(), lr=rate)


def settings():
    return 0.4, 100


def from_settings(model):
    rate, _ = settings()
    return torch.optim.AdamW(model.parameters(), lr=rate)  # warning: [high-learning-rate]


class Module(pl.LightningModule):
    def __init__(self, lr: float = 0.5):
        super().__init__()
        self.save_hyperparameters()
        self.lin = torch.nn.Linear(4, 2)

    def configure_optimizers(self):
        return torch.optim.Adam(self.parameters(), lr=self.hparams.lr)  # warning: [high-learning-rate]


if __name__ == "__main__":
    net = torch.nn.Linear(4, 2)
    from_callers(net, 0.005)  # one caller sets it low, the other high: not every run diverges
    from_callers(net, 0.5)
