# Modelled on pyg examples/hetero/to_hetero_mag.py: `aggr="sum"` adds the outputs of a few
# relation types, not the messages of neighbours, so it is no sum-aggregation risk.
import torch
from torch_geometric.nn import SAGEConv, to_hetero


class GNN(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = SAGEConv((-1, -1), 64)
        self.conv2 = SAGEConv((-1, -1), 349)

    def forward(self, x, edge_index):
        return self.conv2(self.conv1(x, edge_index).relu(), edge_index)


model = to_hetero(GNN(), metadata, aggr="sum")
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)

for batch in loader:
    optimizer.zero_grad()
    loss = model(batch.x_dict, batch.edge_index_dict)["paper"].sum()
    loss.backward()
    optimizer.step()  # info: [missing-gradient-clipping]
