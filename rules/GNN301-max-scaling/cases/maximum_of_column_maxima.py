# Modelled on traffic-speed forecasting scripts that read a sensors-by-time table with pandas and
# scale it into [0, 1] by `speed.max().max()`: the maximum of the column maxima is the global
# maximum of the table, one outlier sensor squashes every other reading. The same with NumPy's
# `np.max(x.max(0))`. The maxima of another table scale this one by a constant, not by its own
# maximum.
import numpy as np
import pandas as pd


def prepare(path):
    speed = pd.read_pickle(path)
    top = speed.max().max()
    speed = speed / top  # warning: [max-scaling]
    return speed


def prepare_array(x):
    return x / np.max(x.max(0))  # warning: [max-scaling]


def prepare_by_reference(x, reference):
    return x / reference.max().max()
