# Modelled on AGCRN's lib/normalization.py (a scaler object keeps the extremes its constructor was
# handed and divides by their difference in another method) and on IGMC's preprocessing.py (each
# user's age, read row by row, divided by the largest age as a float). A constant series has range
# 0 and gives 0 / 0; one outlier squashes the rest. A scaler that replaces zero ranges by 1, or an
# epsilon, is safe.
import numpy as np
import pandas as pd


class RangeScaler:
    def __init__(self, low, high):
        self.low = low
        self.high = high

    def transform(self, series):
        return (series - self.low) / (self.high - self.low)  # warning: [max-scaling]

    def inverse_transform(self, series):
        self.low = np.asarray(self.low)
        return series * (self.high - self.low) + self.low


class SafeRangeScaler:
    def __init__(self, low, high):
        self.low = low
        self.span = high - low
        self.span[self.span == 0] = 1

    def transform(self, series):
        return (series - self.low) / self.span


class EpsilonScaler:
    def __init__(self, low, high):
        self.low = low
        self.high = high

    def transform(self, series):
        return (series - self.low) / (self.high - self.low + 1e-6)


def scale(readings):
    scaler = RangeScaler(readings.min(), readings.max())
    safe = SafeRangeScaler(readings.min(axis=0), readings.max(axis=0))
    eps = EpsilonScaler(readings.min(), readings.max())
    return scaler.transform(readings), safe.transform(readings), eps.transform(readings)


def user_table(path, count):
    table = pd.read_csv(path, sep="|")
    years = table["age"].values
    oldest = years.max()
    out = np.zeros((count, 1), dtype=np.float32)
    for i, (_, entry) in enumerate(table.iterrows()):
        out[i, 0] = entry["age"] / np.float32(oldest)  # warning: [max-scaling]
    for i, (_, entry) in enumerate(table.iterrows()):
        out[i, 0] = entry["age"] / (float(oldest) + 1.0)
    return out


def per_sensor(speeds):
    return speeds / speeds.max((0, 2))  # warning: [max-scaling]
