# Modelled on embedding code that writes the L2 norm as a power (`(h ** 2).sum(-1) ** 0.5`) and
# divides by it, or multiplies by the norm's reciprocal (`h * (1 / norm)`, `norm.pow(-1)`): the
# same division by the row's own norm, so an all-zero row still gives 0 * inf = NaN. The epsilon
# inside the root or under the reciprocal guards it. (The reciprocal of a row *sum* multiplied in
# is a degree scaling D^-1 X, zero-degree-division's.)
import torch


def unit_rows_by_power(h):
    return h / (h ** 2).sum(dim=-1, keepdim=True) ** 0.5  # warning: [unguarded-division]


def unit_rows_by_power_guarded(h, eps=1e-12):
    return h / ((h ** 2).sum(dim=-1, keepdim=True) + eps) ** 0.5


def unit_rows_by_reciprocal(h):
    length = torch.norm(h, p=2, dim=1, keepdim=True)
    return h * (1.0 / length)  # warning: [unguarded-division]


def unit_rows_by_negative_power(h):
    return h * h.norm(dim=1, keepdim=True).pow(-1)  # warning: [unguarded-division]


def unit_rows_by_reciprocal_guarded(h):
    length = torch.norm(h, p=2, dim=1, keepdim=True)
    return h * (1.0 / (length + 1e-9))
