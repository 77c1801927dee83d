# The same Trainer made from the parsed command line, where the script's parser gives
# `gradient_clip_val` a default: the steps are clipped.
import argparse

import pytorch_lightning as pl
import torch


class Forecaster(pl.LightningModule):
    def __init__(self, width):
        super().__init__()
        self.rnn = torch.nn.GRU(width, width, batch_first=True)
        self.head = torch.nn.Linear(width, 1)

    def training_step(self, batch, batch_idx):
        x, y = batch
        out, _ = self.rnn(x)
        return torch.nn.functional.mse_loss(self.head(out[:, -1]), y)

    def configure_optimizers(self):
        return torch.optim.Adam(self.parameters(), lr=1e-3)


def main(args, data):
    trainer = pl.Trainer.from_argparse_args(args)
    trainer.fit(Forecaster(args.width), data)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser = pl.Trainer.add_argparse_args(parser)
    parser.set_defaults(gradient_clip_val=1.0)
    parser.add_argument("--width", type=int, default=64)
    main(parser.parse_args(), None)
