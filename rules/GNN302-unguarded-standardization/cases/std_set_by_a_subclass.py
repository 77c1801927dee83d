# Modelled on the scaler classes of spatio-temporal imputation and forecasting code: the base class
# divides by `self.scale` in `transform`, and a subclass's `fit` sets it to the per-sensor std over
# time: a sensor that is constant over the training window makes 0 / 0 = NaN inputs. A subclass
# that replaces the zero spreads before they are used is safe.
import numpy as np


class Scaler:
    def __init__(self, offset=0., scale=1.):
        self.bias = offset
        self.scale = scale

    def transform(self, x):
        return (x - self.bias) / self.scale  # warning: [unguarded-standardization]


class StdScaler(Scaler):
    def fit(self, x, axis=0):
        self.bias = x.mean(axis=axis, keepdims=True)
        self.scale = x.std(axis=axis, keepdims=True)
        return self


class Shifter:
    def __init__(self):
        self.spread = 1.

    def apply(self, x):
        return x / self.spread


class SafeShifter(Shifter):
    def fit(self, x):
        self.spread = x.std(0)
        self.spread = np.where(self.spread == 0, 1.0, self.spread)
