# inverse_degree_written_into_a_batch.py with every local renamed.
import torch


def prep_a(batch_graphs):
    row_tot = torch.sum(batch_graphs, dim=2)
    buf = torch.zeros(batch_graphs.size(0), batch_graphs.size(1), batch_graphs.size(2))
    for k in range(buf.size(0)):
        buf[k, :, :] = torch.diag(torch.pow(row_tot[k, :], -0.5))  # error: [zero-degree-division]
    return torch.matmul(torch.matmul(buf, batch_graphs), buf)


def prep_b(batch_graphs):
    batch_graphs = batch_graphs + torch.eye(batch_graphs.size(1)).unsqueeze(0)
    row_tot = torch.sum(batch_graphs, dim=2)
    buf = torch.zeros(batch_graphs.size(0), batch_graphs.size(1), batch_graphs.size(2))
    for k in range(buf.size(0)):
        buf[k, :, :] = torch.diag(torch.pow(row_tot[k, :], -0.5))
    return torch.matmul(torch.matmul(buf, batch_graphs), buf)


def prep_c(z):
    # A batch of score matrices whose slices hold something else: not a graph being normalized.
    acc = torch.zeros(z.size(0), z.size(1), z.size(2))
    for k in range(acc.size(0)):
        acc[k, :, :] = torch.diag(torch.pow(z[k, :, 0], 2.0))
    return torch.matmul(acc, z)
