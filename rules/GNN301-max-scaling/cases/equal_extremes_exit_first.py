# Min-max scaling after a test that the two extremes are equal and an exit: a range tested equal
# to 0 and a maximum tested equal to the minimum are the same fact, so the division never sees a
# zero range. Without the exit (or with it after the division) the constant input still gives NaN.
import numpy as np


def rescale(scores):
    top, bottom = scores.max(), scores.min()
    if top == bottom:
        return np.zeros_like(scores)
    return (scores - bottom) / (top - bottom)


def rescale_spread(values):
    spread = values.max() - values.min()
    if values.min() == values.max():
        raise ValueError("constant input")
    return (values - values.min()) / spread


def rescale_late(scores):
    top, bottom = scores.max(), scores.min()
    scaled = (scores - bottom) / (top - bottom)  # warning: [max-scaling]
    if top == bottom:
        return np.zeros_like(scores)
    return scaled


def rescale_other(scores, other):
    top, bottom = scores.max(), scores.min()
    if top == other:
        return scores
    return (scores - bottom) / (top - bottom)  # warning: [max-scaling]
