# normalised_mean_over_a_batched_parameter.py with every local renamed.
import torch


def agg_a(feats, graph, add_identity=False, device="cpu"):
    (batch, nodes, _, _) = feats.shape
    if add_identity:
        graph = graph + torch.eye(nodes, device=device).unsqueeze(0)
    dinv = torch.mul(torch.pow(torch.sum(graph, -1, keepdim=True), -0.5),  # error: [zero-degree-division]
                  torch.eye(nodes, device=device).unsqueeze(0).repeat(batch, 1, 1))
    graph = torch.matmul(torch.matmul(dinv, graph), dinv)
    return torch.sum(torch.mul(feats, graph.unsqueeze(-1)), dim=2)


def agg_b(feats, graph, device="cpu"):
    (batch, nodes, _, _) = feats.shape
    graph = graph + torch.eye(nodes, device=device).unsqueeze(0)  # every row counts itself
    dinv = torch.mul(torch.pow(torch.sum(graph, -1, keepdim=True), -0.5),
                  torch.eye(nodes, device=device).unsqueeze(0).repeat(batch, 1, 1))
    graph = torch.matmul(torch.matmul(dinv, graph), dinv)
    return torch.sum(torch.mul(feats, graph.unsqueeze(-1)), dim=2)


def agg_c(feats, graph, device="cpu"):
    (batch, nodes, _, _) = feats.shape
    dinv = torch.mul(torch.pow(torch.sum(graph, -1, keepdim=True).clamp(min=1), -0.5),
                  torch.eye(nodes, device=device).unsqueeze(0).repeat(batch, 1, 1))
    graph = torch.matmul(torch.matmul(dinv, graph), dinv)
    return torch.sum(torch.mul(feats, graph.unsqueeze(-1)), dim=2)


TABLE = {"sym": agg_a, "looped": agg_b, "clamped": agg_c}
