# Modelled on temporal graph networks: the training script computes the mean and std of the time
# gaps in the training events with a helper that returns them in a tuple, hands them to the model's
# constructor, and the model standardises each batch's time gaps by the stored std. A constant gap
# (every event at the same interval) has std 0. A std the helper floors stays quiet.
import numpy as np
import torch
from torch import nn


def gap_statistics(times):
    gaps = np.diff(times)
    return np.mean(gaps), np.std(gaps)


def floored_statistics(times):
    gaps = np.diff(times)
    return np.mean(gaps), max(np.std(gaps), 1e-6)


class TemporalEncoder(nn.Module):
    def __init__(self, dim, gap_mean=0.0, gap_std=1.0):
        super().__init__()
        self.gap_mean = gap_mean
        self.gap_std = gap_std
        self.encode = nn.Linear(1, dim)

    def forward(self, gaps):
        scaled = (gaps - self.gap_mean) / self.gap_std  # warning: [unguarded-standardization]
        return self.encode(scaled.unsqueeze(-1))


class SafeEncoder(nn.Module):
    def __init__(self, dim, gap_mean=0.0, gap_std=1.0):
        super().__init__()
        self.gap_mean = gap_mean
        self.gap_std = gap_std
        self.encode = nn.Linear(1, dim)

    def forward(self, gaps):
        return self.encode(((gaps - self.gap_mean) / self.gap_std).unsqueeze(-1))


event_times = np.sort(np.random.rand(1000))
mean_gap, std_gap = gap_statistics(event_times)
model = TemporalEncoder(32, gap_mean=mean_gap, gap_std=std_gap)
safe_mean, safe_std = floored_statistics(event_times)
safe = SafeEncoder(32, gap_mean=safe_mean, gap_std=safe_std)
out = model(torch.rand(8)) + safe(torch.rand(8))
