# Modelled on pyg examples/pytorch_lightning/gin.py: PyG's ready-made `GIN` model stacks GINConv
# layers (sum over neighbours); the Lightning Trainer that fits it sets no `gradient_clip_val`.
import pytorch_lightning as pl
import torch
import torch.nn.functional as F
from torch_geometric.nn import GIN, global_add_pool


class Classifier(pl.LightningModule):
    def __init__(self, n_in, n_out):
        super().__init__()
        self.gnn = GIN(n_in, 64, 3)
        self.head = torch.nn.Linear(64, n_out)

    def forward(self, x, edge_index, batch):
        return self.head(global_add_pool(self.gnn(x, edge_index), batch))

    def training_step(self, data, batch_idx):
        return F.cross_entropy(self(data.x, data.edge_index, data.batch), data.y)

    def configure_optimizers(self):
        return torch.optim.Adam(self.parameters(), lr=0.01)


def run(module, datamodule):
    trainer = pl.Trainer(max_epochs=50)  # warning: [missing-gradient-clipping]
    trainer.fit(module, datamodule)


def run_clipped(module, datamodule):
    trainer = pl.Trainer(max_epochs=50, gradient_clip_val=1.0)
    trainer.fit(module, datamodule)
