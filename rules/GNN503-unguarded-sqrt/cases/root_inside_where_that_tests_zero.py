# Modelled on a multiclass Matthews-correlation loss: the denominator's root is taken inside
# torch.where(x == 0, 0, ...) so that a batch whose predictions all fall in one class gives 0
# instead of 0 / 0. The forward value is right, but backward runs through both branches: the root's
# derivative at x = 0 is infinite, masked by 0, and the gradient is NaN. Taking the root of a value
# made safe first (the classic double-where) is the guard.
import torch


class CorrelationLoss(torch.nn.Module):
    def forward(self, probs, onehot):
        s = probs.sum(0)
        t = onehot.sum(0)
        cov_pt = (probs * onehot).sum() * s.sum() - (s * t).sum()
        x = (s.sum() ** 2 - (s * s).sum()) * (t.sum() ** 2 - (t * t).sum())
        mcc = torch.where(x == 0, torch.tensor(0.0), cov_pt / x.sqrt())  # warning: [unguarded-sqrt]
        return 1 - mcc

    def safe(self, probs, onehot):
        s = probs.sum(0)
        t = onehot.sum(0)
        cov_pt = (probs * onehot).sum() * s.sum() - (s * t).sum()
        x = (s.sum() ** 2 - (s * s).sum()) * (t.sum() ** 2 - (t * t).sum())
        safe_x = torch.where(x == 0, torch.ones_like(x), x)
        mcc = torch.where(x == 0, torch.tensor(0.0), cov_pt / safe_x.sqrt())
        return 1 - mcc


def symmetric_normalisation(adj):
    # a degree is graph structure: nothing asks its gradient, and the where keeps isolated nodes at 0
    deg = torch.sum(adj, dim=0)
    inv_root = torch.where(deg > 0, 1.0 / torch.sqrt(deg), torch.zeros(deg.size()))
    return torch.diag(inv_root) @ adj @ torch.diag(inv_root)
