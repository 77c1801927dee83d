# Modelled on PetarV-/GAT utils/process.py: the columns whose training-row std is 0 are dropped
# first, and the std is taken again on what is left, so no column divided by it is constant.
import numpy as np


def standardize(f, train_mask):
    sigma = f[train_mask, :].std(axis=0)
    f = f[:, np.squeeze(np.array(sigma > 0))]
    mu = f[train_mask, :].mean(axis=0)
    sigma = f[train_mask, :].std(axis=0)
    return (f - mu) / sigma


def standardize_everything(f, train_mask):
    mu = f[train_mask, :].mean(axis=0)
    sigma = f[train_mask, :].std(axis=0)
    return (f - mu) / sigma  # warning: [unguarded-standardization]
