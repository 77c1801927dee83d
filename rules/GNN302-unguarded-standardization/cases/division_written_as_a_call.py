# Standardization however the division is written: `x.sub(m).div(s)`, the in-place `x.div_(s)` and
# `x.div(x.std(0))` divide by the spread exactly as `/` does; a constant column gives 0 / 0 = NaN.
import torch


def standardize(x):
    m, s = x.mean(0, keepdim=True), x.std(0, keepdim=True)
    return x.sub(m).div(s)  # warning: [unguarded-standardization]


def standardize_in_place(x):
    x.sub_(x.mean(0)).div_(x.std(0))  # warning: [unguarded-standardization]
    return x


def scale_by_spread(x):
    return x.div(x.std(0))  # warning: [unguarded-standardization]


def standardize_guarded(x):
    m, s = x.mean(0, keepdim=True), x.std(0, keepdim=True)
    return x.sub(m).div(s.clamp(min=1e-6))


def standardize_in_place_guarded(x):
    x.sub_(x.mean(0)).div_(x.std(0) + 1e-5)
    return x
