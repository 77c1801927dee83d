# D^-1/2 written as a dense matrix power of the degree matrix: isolated nodes make D singular,
# and scipy returns inf entries. A self-looped adjacency's degree matrix is safe.
import networkx as nx
import numpy as np
from scipy.linalg import fractional_matrix_power

A = nx.to_numpy_array(nx.karate_club_graph())
D = np.diag(A.sum(axis=1))
D_half = fractional_matrix_power(D, -0.5)  # error: [zero-degree-division]

A_loops = A + np.eye(A.shape[0])
D_loops = np.diag(A_loops.sum(axis=1))
D_loops_half = fractional_matrix_power(D_loops, -0.5)
A_hat = D_loops_half @ A_loops @ D_loops_half


def left_normalize(adj):
    # Modelled on stellargraph's normalize_adj (left branch): np.float_power inverts like np.power.
    d = np.diag(np.float_power(np.array(adj.sum(1)), -1).flatten())  # error: [zero-degree-division]
    return d.dot(adj)
