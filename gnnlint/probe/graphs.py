"""The synthesised stress graph: small, deterministic, built in memory with NumPy only.

It holds the shapes that break propagation code: a hub (degree 39), a dense community (a 16-node
clique), a short path, isolated nodes, no self-loops, and one feature column on a scale 1000 times the
others (a raw count, an age in days). A well-built GCN keeps its activations in range on it; a raw
adjacency, a missing zero-degree guard or a positive init does not.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np

NUM_NODES = 64
HUB = 0
LEAVES = range(1, 40)
CLIQUE = range(40, 56)
PATH = range(56, 60)
ISOLATED = tuple(range(60, 64))
LARGE_SCALE = 1000.0


@dataclasses.dataclass
class StressGraph:
    x: np.ndarray            # float32 [n, f]
    edge_index: np.ndarray   # int64 [2, e], both directions, no self-loops
    edge_weight: np.ndarray  # float32 [e], positive
    num_nodes: int

    @property
    def isolated_mask(self) -> np.ndarray:
        mask = np.ones(self.num_nodes, dtype=bool)
        mask[np.unique(self.edge_index)] = False
        return mask

    def dense(self) -> np.ndarray:
        """The raw (unnormalised, no self-loop) adjacency as a dense float32 matrix."""
        a = np.zeros((self.num_nodes, self.num_nodes), dtype=np.float32)
        a[self.edge_index[0], self.edge_index[1]] = self.edge_weight
        return a

    def describe(self) -> str:
        return (f"stress graph of {self.num_nodes} nodes and {self.edge_index.shape[1] // 2} edges: a hub of "
                f"degree {len(LEAVES)}, a {len(CLIQUE)}-node clique, {len(ISOLATED)} isolated nodes, no "
                f"self-loops, {self.x.shape[1]} features with column 0 on a scale of {LARGE_SCALE:g}")


def _undirected(pairs: list[tuple[int, int]]) -> np.ndarray:
    src = [a for a, b in pairs] + [b for a, b in pairs]
    dst = [b for a, b in pairs] + [a for a, b in pairs]
    return np.array([src, dst], dtype=np.int64)


def stress_graph(num_features: int, *, seed: int = 0) -> StressGraph:
    rng = np.random.default_rng(seed)
    pairs = [(HUB, leaf) for leaf in LEAVES]
    leaves = list(LEAVES)
    pairs += [(a, b) for a, b in zip(leaves, leaves[1:])]
    clique = list(CLIQUE)
    pairs += [(a, b) for i, a in enumerate(clique) for b in clique[i + 1:]]
    path = list(PATH)
    pairs += [(a, b) for a, b in zip(path, path[1:])]
    edge_index = _undirected(pairs)
    x = rng.standard_normal((NUM_NODES, num_features)).astype(np.float32)
    x[:, 0] = rng.uniform(0.0, LARGE_SCALE, NUM_NODES).astype(np.float32)
    edge_weight = np.ones(edge_index.shape[1], dtype=np.float32)
    return StressGraph(x=x, edge_index=edge_index, edge_weight=edge_weight, num_nodes=NUM_NODES)


def scaled_graph(num_nodes: int, num_features: int, avg_degree: int = 4, *, seed: int = 0) -> StressGraph:
    """A random graph of any size (the benchmark's 10,000 nodes), same hazards in proportion."""
    rng = np.random.default_rng(seed)
    m = num_nodes * avg_degree // 2
    src = rng.integers(0, num_nodes - num_nodes // 16, m)
    dst = rng.integers(0, num_nodes - num_nodes // 16, m)
    keep = src != dst
    pairs = list(zip(src[keep].tolist(), dst[keep].tolist()))
    edge_index = _undirected(pairs)
    x = rng.standard_normal((num_nodes, num_features)).astype(np.float32)
    x[:, 0] = rng.uniform(0.0, LARGE_SCALE, num_nodes).astype(np.float32)
    return StressGraph(x=x, edge_index=edge_index, edge_weight=np.ones(edge_index.shape[1], dtype=np.float32),
                       num_nodes=num_nodes)


def graph_hazards(num_nodes: int, edge_index: np.ndarray | None, edge_weight: np.ndarray | None,
                  x: np.ndarray | None) -> dict[str, Any]:
    """What a user's probe graph holds that breaks unguarded propagation (GNN807)."""
    out: dict[str, Any] = {"num_nodes": int(num_nodes)}
    if edge_index is not None and edge_index.size:
        loops = edge_index[0] == edge_index[1]
        degree = np.bincount(edge_index[:, ~loops].reshape(-1), minlength=num_nodes)
        out["isolated"] = int((degree[:num_nodes] == 0).sum())
        out["self_loops"] = int(len(np.unique(edge_index[0, loops])))
    elif edge_index is not None:
        out["isolated"], out["self_loops"] = int(num_nodes), 0
    if edge_weight is not None and edge_weight.size:
        w = edge_weight.astype(np.float64)
        out["nonfinite_weights"] = int((~np.isfinite(w)).sum())
        finite = w[np.isfinite(w)]
        out["nonpositive_weights"] = int((finite <= 0).sum())
    if x is not None:
        out["nonfinite_features"] = int((~np.isfinite(np.asarray(x, dtype=np.float64))).sum())
    return out


def dense_to_edges(a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    rows, cols = np.nonzero(a)
    return np.stack([rows, cols]).astype(np.int64), a[rows, cols]
