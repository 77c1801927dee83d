# Modelled on STGCN-PyTorch's utils.py (per-sensor stds over a tuple of axes, reshaped before the
# division) and InfoGraph's QM9 script (a target's std turned into a Python float with .item()):
# a reshape or a cast keeps a zero std zero, so a constant sensor or target gives 0 / 0 = NaN.
import numpy as np


def zscore_sensors(readings):
    centres = np.mean(readings, axis=(0, 2))
    readings = readings - centres.reshape(1, -1, 1)
    spreads = np.std(readings, axis=(0, 2))
    return readings / spreads.reshape(1, -1, 1)  # warning: [unguarded-standardization]


def zscore_sensors_guarded(readings):
    centres = np.mean(readings, axis=(0, 2))
    spreads = np.std(readings, axis=(0, 2)) + 1e-8
    return (readings - centres.reshape(1, -1, 1)) / spreads.reshape(1, -1, 1)


def normalise_target(targets, column):
    centre = targets[:, column].mean().item()
    spread = targets[:, column].std().item()
    targets[:, column] = (targets[:, column] - centre) / spread  # warning: [unguarded-standardization]
    return targets


def normalise_target_guarded(targets, column):
    centre = targets[:, column].mean().item()
    spread = max(float(targets[:, column].std()), 1e-6)
    targets[:, column] = (targets[:, column] - centre) / spread
    return targets
