# Modelled on molecular property models that read the bond matrix from RDKit: GetAdjacencyMatrix
# is a dense 0/1 matrix with no self-loops and no normalization, multiplied straight into the atom
# features.
import numpy as np
import torch
from rdkit import Chem


def molecule(smiles):
    mol = Chem.MolFromSmiles(smiles)
    adj = Chem.rdmolops.GetAdjacencyMatrix(mol)
    feats = np.array([[atom.GetAtomicNum()] for atom in mol.GetAtoms()], dtype=np.float32)
    return torch.tensor(feats), torch.tensor(adj, dtype=torch.float32)


class AtomConv(torch.nn.Module):
    def __init__(self, d):
        super().__init__()
        self.lin = torch.nn.Linear(d, d)

    def forward(self, x, adj):
        return torch.relu(torch.matmul(adj, self.lin(x)))


x, a = molecule("CCO")
out = AtomConv(1)(x, a)  # error: [unnormalized-adjacency]
