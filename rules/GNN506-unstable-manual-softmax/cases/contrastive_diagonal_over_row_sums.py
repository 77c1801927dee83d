# Modelled on two-view graph contrastive losses (GRACE-style): a small lambda exponentiates the
# similarity matrix after the temperature, and the positive pairs (the diagonal) are divided by
# its row sums. With raw encoder outputs the similarities are unbounded and `exp`
# overflows to inf, so the ratio is inf / inf = NaN; with rows normalised first (a `sim` method
# built on `F.normalize`) each similarity is a cosine in [-1, 1] and exp(1 / tau) stays finite.
import torch
import torch.nn.functional as F


class RawViews(torch.nn.Module):
    def __init__(self, tau=0.5):
        super().__init__()
        self.tau = tau

    def loss(self, h1, h2):
        expo = lambda m: torch.exp(m / self.tau)
        cross = expo(h1 @ h2.t())
        return -torch.log(cross.diag() / cross.sum(1))  # error: [unstable-manual-softmax]


class UnitViews(torch.nn.Module):
    def __init__(self, tau=0.5):
        super().__init__()
        self.tau = tau

    def similarity(self, a, b):
        a = F.normalize(a)
        b = F.normalize(b)
        return torch.mm(a, b.t())

    def loss(self, h1, h2):
        expo = lambda m: torch.exp(m / self.tau)
        cross = expo(self.similarity(h1, h2))
        return -torch.log(cross.diag() / cross.sum(1))


def positives_over_rows(h1, h2, tau=0.2):
    sim = torch.exp(h1 @ h2.t() / tau)  # error: [unstable-manual-softmax]
    return -torch.log(torch.diagonal(sim) / sim.sum(dim=1)).mean()
