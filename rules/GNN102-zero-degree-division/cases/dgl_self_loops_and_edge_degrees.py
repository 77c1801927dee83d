# Modelled on dgl examples/pytorch/monet/citation.py and pyg examples/graph_saint.py: degrees of a
# DGL graph whose self-loops were added (every degree >= 1), and a degree read back at the very
# index it was counted over (each entry read counts at least the edge being read).
import dgl
import torch
from torch_geometric.utils import degree

g = g.remove_self_loop().add_self_loop()
us, vs = g.edges(order="eid")
udeg = 1 / torch.sqrt(g.in_degrees(us).float())
norm = g.in_degrees().float().pow(-0.5)

h = dgl.add_self_loop(dgl.remove_self_loop(h))
out_norm = h.out_degrees().float().pow(-0.5)

raw_norm = k.in_degrees().float().pow(-0.5)  # error: [zero-degree-division]

row, col = edge_index
edge_weight = 1.0 / degree(col, num_nodes)[col]
other_end = 1.0 / degree(col, num_nodes)[row]  # error: [zero-degree-division]
