# The look-alike of raw_matrix_converted_by_a_helper_in_the_loader.py: the loader adds self-loops and
# row-normalizes the COO matrix before the helper converts it.
import numpy as np
import scipy.sparse as sp
import torch
import torch.nn as nn

def sparse_to_torch(m):
    m = m.tocoo().astype(np.float32)
    idx = torch.from_numpy(np.vstack((m.row, m.col)).astype(np.int64))
    val = torch.from_numpy(m.data)
    return torch.sparse_coo_tensor(idx, val, torch.Size(m.shape))

def load_data(path):
    edges = np.loadtxt(path + "/edges.txt", dtype=np.int64)
    n = edges.max() + 1
    adj = sp.coo_matrix((np.ones(edges.shape[0]), (edges[:, 0], edges[:, 1])), shape=(n, n), dtype=np.float32)
    adj = adj + adj.T + sp.eye(n)
    rowsum = np.array(adj.sum(1))
    r_inv = np.power(rowsum, -1).flatten()
    adj = sp.diags(r_inv).dot(adj)
    features = np.load(path + "/feats.npy")
    labels = np.load(path + "/labels.npy")
    return sparse_to_torch(adj), torch.FloatTensor(features), torch.LongTensor(labels)

class GraphConvolution(nn.Module):
    def __init__(self, i, o):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(i, o) * 0.1)
    def forward(self, x, adj):
        support = torch.mm(x, self.weight)
        return torch.spmm(adj, support)

class GCN(nn.Module):
    def __init__(self, nfeat, nhid, nclass):
        super().__init__()
        self.gc1 = GraphConvolution(nfeat, nhid)
        self.gc2 = GraphConvolution(nhid, nclass)
    def forward(self, x, adj):
        x = torch.relu(self.gc1(x, adj))
        return self.gc2(x, adj)

adj, features, labels = load_data("data")
model = GCN(features.shape[1], 16, int(labels.max()) + 1)
out = model(features, adj)
