# A dataset class of the script builds the graph in `__init__` and keeps it on the instance; the
# training code reads it back as `data.adj` (or unpacked from a loader: `self.adj, self.x = read(...)`)
# and multiplies it in a layer. What `__init__` stores, with the constructor's arguments, is what the
# attribute holds. The look-alike class normalizes (with self-loops) before storing. Only when nothing
# else may change the attribute: a base class of the project that stores it (`preprocess()` called on
# the instance, `super().__init__()` after the store), a helper the instance is handed to, or a store
# into the instance leaves it unknown. A library base class initialised first changes nothing.
import networkx as nx
import numpy as np
import scipy.sparse as sp
import torch


def read_graph(path):
    g = nx.read_edgelist(path, nodetype=int)
    return nx.to_scipy_sparse_array(g, format="coo"), np.eye(g.number_of_nodes())


class GraphData:
    def __init__(self, root):
        edges = np.load(root + "/edges.npy")
        self.n = int(edges.max()) + 1
        self.adj = sp.csr_matrix((np.ones(len(edges)), (edges[:, 0], edges[:, 1])), shape=(self.n, self.n))
        self.x = np.load(root + "/x.npy")


class UnpackedData:
    def __init__(self, path):
        self.adj, self.x = read_graph(path)


class NormalizedData:
    def __init__(self, root):
        edges = np.load(root + "/edges.npy")
        self.n = int(edges.max()) + 1
        self.adj = sp.csr_matrix((np.ones(len(edges)), (edges[:, 0], edges[:, 1])), shape=(self.n, self.n))
        a = self.adj + sp.eye(self.n)
        self.adj = sp.diags(np.array(a.sum(1)).flatten() ** -1.0) @ a
        self.x = np.load(root + "/x.npy")


class LoadedData(torch.utils.data.Dataset):
    def __init__(self, root):
        super().__init__()
        edges = np.load(root + "/edges.npy")
        n = int(edges.max()) + 1
        self.adj = sp.csr_matrix((np.ones(len(edges)), (edges[:, 0], edges[:, 1])), shape=(n, n))
        self.x = np.load(root + "/x.npy")


def normalize(a):
    a = a + sp.eye(a.shape[0])
    return sp.diags(np.array(a.sum(1)).flatten() ** -1.0) @ a


class Normalizing:
    def __init__(self):
        self.adj = normalize(self.adj)

    def preprocess(self):
        self.adj = normalize(self.adj)


class PreprocessedData(Normalizing):
    def __init__(self, root):
        edges = np.load(root + "/edges.npy")
        n = int(edges.max()) + 1
        self.adj = sp.csr_matrix((np.ones(len(edges)), (edges[:, 0], edges[:, 1])), shape=(n, n))
        self.x = np.load(root + "/x.npy")


class InitialisedData(Normalizing):
    def __init__(self, root):
        edges = np.load(root + "/edges.npy")
        n = int(edges.max()) + 1
        self.adj = sp.csr_matrix((np.ones(len(edges)), (edges[:, 0], edges[:, 1])), shape=(n, n))
        self.x = np.load(root + "/x.npy")
        super().__init__()


def prepare(d):
    d.adj = normalize(d.adj)


class Model(torch.nn.Module):
    def __init__(self, d):
        super().__init__()
        self.lin = torch.nn.Linear(d, 8)

    def forward(self, x, adj):
        return torch.sparse.mm(adj, self.lin(x))


def to_torch(m):
    m = m.tocoo()
    return torch.sparse_coo_tensor(np.vstack([m.row, m.col]), m.data, m.shape).float()


data = GraphData("data")
model = Model(data.x.shape[1])
pred = model(torch.tensor(data.x).float(), to_torch(data.adj))  # error: [unnormalized-adjacency]

unpacked = UnpackedData("edges.txt")
pred = model(torch.tensor(unpacked.x).float(), to_torch(unpacked.adj))  # error: [unnormalized-adjacency]

normalized = NormalizedData("data")
pred = model(torch.tensor(normalized.x).float(), to_torch(normalized.adj))

loaded = LoadedData("data")
pred = model(torch.tensor(loaded.x).float(), to_torch(loaded.adj))  # error: [unnormalized-adjacency]

preprocessed = PreprocessedData("data")
preprocessed.preprocess()
pred = model(torch.tensor(preprocessed.x).float(), to_torch(preprocessed.adj))

initialised = InitialisedData("data")
pred = model(torch.tensor(initialised.x).float(), to_torch(initialised.adj))

prepared = GraphData("data")
prepare(prepared)
pred = model(torch.tensor(prepared.x).float(), to_torch(prepared.adj))

patched = GraphData("data")
patched.adj = normalize(patched.adj)
pred = model(torch.tensor(patched.x).float(), to_torch(patched.adj))
