# Modelled on a traffic-forecasting loader: the per-sensor maximum and minimum are handed to a
# static method called through its class name, which divides by their difference. A sensor that
# reports a constant value has range 0. The guarded twin replaces zero ranges first.
import numpy as np


class SensorLoader:
    def __init__(self, path):
        readings = np.load(path)
        self.span, self.flow = SensorLoader.scale(readings.max(1, keepdims=True),
                                                  readings.min(1, keepdims=True), readings)

    @staticmethod
    def scale(high, low, values):
        width = high - low
        return width, (values - low) / width  # warning: [max-scaling]


class GuardedLoader:
    def __init__(self, path):
        readings = np.load(path)
        self.span, self.flow = GuardedLoader.scale(readings.max(1, keepdims=True),
                                                   readings.min(1, keepdims=True), readings)

    @staticmethod
    def scale(high, low, values):
        width = high - low
        width[width == 0] = 1.0
        return width, (values - low) / width
