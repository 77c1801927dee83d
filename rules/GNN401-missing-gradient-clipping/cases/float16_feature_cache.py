# Modelled on ogb examples/lsc/mag240m/rgnn.py: features kept in a float16 memmap and cast to
# float32 before the model. That is storage, not float16 training; and a Trainer made only to
# test a checkpoint takes no training step.
import numpy as np
import torch
from pytorch_lightning import Trainer

x = np.memmap("full_feat.npy", dtype=np.float16, mode="r", shape=(1000, 768))
batch = torch.from_numpy(x[:64]).to(torch.float)

trainer = Trainer(max_epochs=100)  # info: [missing-gradient-clipping]
trainer.fit(model, datamodule=datamodule)

trainer = Trainer(resume_from_checkpoint="last.ckpt")
trainer.test(model, datamodule=datamodule)
