# Modelled on "restricted" softmaxes that add a margin term to the row sum and shift the scores by
# their row maximum floored at 0 (`clamp(max, min=0)`): a floored maximum is at least the maximum,
# so every exponent is still <= 0 and nothing overflows. The same extra term added to the sum of an
# unshifted `exp` does not stop the ratio from becoming inf / inf.
import torch


def restricted(scores, margin=0.0):
    top = torch.clamp(scores.max(dim=-1, keepdim=True)[0], min=0.0)
    out = (scores - top).exp()
    return out / (out.sum(dim=-1, keepdim=True) + (margin - top).exp())


def restricted_unshifted(scores, margin=0.0):
    out = scores.exp()  # error: [unstable-manual-softmax]
    return out / (out.sum(dim=-1, keepdim=True) + torch.exp(torch.tensor(margin)))
