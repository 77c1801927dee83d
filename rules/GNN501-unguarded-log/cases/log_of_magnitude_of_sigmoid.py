# Modelled on affine coupling layers of normalising flows for molecules: the scale is squashed by
# a sigmoid and the log-determinant is the sum of log |s|. The magnitude is 0 exactly where the
# sigmoid underflows (a logit below ~-88 in fp32), so log |s| is -inf as log s would be, and the
# negative log-likelihood becomes inf/NaN. logsigmoid of the logit is the same quantity computed
# stably; an epsilon inside the log keeps it finite.
import torch
import torch.nn as nn
import torch.nn.functional as F


class Coupling(nn.Module):
    def __init__(self, width):
        super().__init__()
        self.net = nn.Linear(width, 2 * width)

    def scale_shift(self, h):
        raw, shift = self.net(h).chunk(2, 1)
        return torch.sigmoid(raw), shift, raw

    def forward(self, x):
        a, b = x.chunk(2, 1)
        s, shift, _ = self.scale_shift(a)
        out = (b + shift) * s
        logdet = torch.log(torch.abs(s)).sum(1)  # error: [unguarded-log]
        return torch.cat([a, out], 1), logdet

    def forward_magnitude_method(self, x):
        a, b = x.chunk(2, 1)
        s, shift, _ = self.scale_shift(a)
        return (b + shift) * s, s.abs().log().sum(1)  # error: [unguarded-log]

    def forward_stable(self, x):
        a, b = x.chunk(2, 1)
        s, shift, raw = self.scale_shift(a)
        return (b + shift) * s, F.logsigmoid(raw).sum(1)

    def forward_eps(self, x):
        a, b = x.chunk(2, 1)
        s, shift, _ = self.scale_shift(a)
        return (b + shift) * s, torch.log(torch.abs(s) + 1e-6).sum(1)


def log_volume(jacobian):
    return torch.log(torch.abs(torch.det(jacobian)))


def log_scale_clamped(raw):
    s = torch.sigmoid(raw)
    s.clamp_(min=1e-6)  # clamped in place: the magnitude is >= 1e-6 too
    return torch.log(torch.abs(s)).sum(1)
