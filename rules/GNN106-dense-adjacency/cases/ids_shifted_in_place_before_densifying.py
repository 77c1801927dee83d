"""User-item pairs read from a file, shifted to 0-based ids in place (`pairs -= 1`), then stacked
into a bipartite graph that is made dense whole just to be normalised: the shift keeps the pairs
the file listed, so the matrix is still the graph's adjacency."""

import numpy as np
import pandas as pd
import torch


class Interactions:
    def __init__(self, path):
        pairs = pd.read_table(path, header=None)
        pairs -= 1
        self.users = np.array(pairs[:][0])
        self.items = np.array(pairs[:][1])
        self.n_users, self.m_items = int(self.users.max()) + 1, int(self.items.max()) + 1
        self.graph = None

    def normalised_graph(self):
        if self.graph is None:
            u = torch.LongTensor(self.users)
            i = torch.LongTensor(self.items)
            index = torch.cat([torch.stack([u, i + self.n_users]), torch.stack([i + self.n_users, u])], dim=1)
            n = self.n_users + self.m_items
            self.graph = torch.sparse.IntTensor(index, torch.ones(index.size(-1)).int(), torch.Size([n, n]))
            dense = self.graph.to_dense()  # info: [dense-adjacency]
            deg = torch.sum(dense, dim=1).float()
            deg[deg == 0.] = 1.
            root = torch.sqrt(deg).unsqueeze(dim=0)
            dense = dense / root
            dense = dense / root.t()
            self.graph = torch.sparse.FloatTensor(dense.nonzero().t(), dense[dense >= 1e-9], torch.Size([n, n]))
        return self.graph
