# Modelled on a memory-augmented traffic model: a method fills a local ParameterDict with N(0, 1)
# matrices, then re-draws every entry with Xavier in a loop over its values before returning it.
# The loop reaches each entry, so none keeps std 1. A loop that only reads the entries (or one over
# another container) initialises nothing.
import torch
import torch.nn as nn


class MemoryBank(nn.Module):
    def __init__(self, slots, width, nodes):
        super().__init__()
        self.slots, self.width, self.nodes = slots, width, nodes
        self.bank = self.build()
        self.raw = self.build_raw()

    def build(self):
        entries = nn.ParameterDict()
        entries["keys"] = nn.Parameter(torch.randn(self.slots, self.width))
        entries["proj"] = nn.Parameter(torch.randn(self.nodes, self.slots), requires_grad=True)
        for p in entries.values():
            nn.init.xavier_normal_(p)
        return entries

    def build_raw(self):
        entries = nn.ParameterDict()
        entries["keys"] = nn.Parameter(torch.randn(self.slots, self.width))  # warning: [unscaled-init]
        for name, p in entries.items():
            print(name, p.shape)
        return entries

    def forward(self, h):
        return torch.softmax(h @ self.bank["keys"].t(), -1) @ self.raw["keys"]
