# Modelled on soft cluster assignments of graph pooling layers (a Student-t kernel over the
# squared distances between node embeddings and learned centroids, as in deep embedded
# clustering): `(1 + d / t) ** -((t + 1) / 2)` of a non-negative d and a temperature t > 0 is
# strictly positive whatever the exponent, so a row of it never sums to 0. The temperature is a
# constructor argument with a positive default kept on `self` (positive by contract, like any
# hyper-parameter default). Normalising clipped scores (`relu`), which can all be 0, is the hazard.
import torch


class SoftAssign(torch.nn.Module):
    def __init__(self, clusters, channels, temperature=1.0):
        super().__init__()
        self.centroids = torch.nn.Parameter(torch.randn(clusters, channels) / channels ** 0.5)
        self.temperature = temperature

    def forward(self, h):
        q = torch.cdist(h, self.centroids) ** 2
        q = (1.0 + q / self.temperature).pow(-(self.temperature + 1.0) / 2.0)
        return q / q.sum(dim=-1, keepdim=True)


def student_t_assign(h, centroids, nu=1.0):
    q = torch.cdist(h, centroids) ** 2
    q = (1.0 + q / nu) ** (-(nu + 1.0) / 2.0)
    return q / q.sum(dim=-1, keepdim=True)


def clipped_assign(h, centroids):
    q = torch.relu(h @ centroids.t())
    return q / q.sum(dim=-1, keepdim=True)  # warning: [unguarded-division]


def signed_temperature_assign(h, centroids, nu):
    q = torch.cdist(h, centroids) ** 2
    q = (1.0 + q / nu) ** (-(nu + 1.0) / 2.0)
    return q / q.sum(dim=-1, keepdim=True)  # warning: [unguarded-division]
