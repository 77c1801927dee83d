"""GNN101–GNN106 beyond their catalogue pages: interplay, call-site reporting, messages, and the
false-positive sweep over the installed graph libraries."""

from __future__ import annotations

import importlib.util
import textwrap
from pathlib import Path

import pytest

from gnnlint.engine import LintSettings
from gnnlint.rules.graph_propagation import (
    DenseAdjacency,
    DenseDiagonalInverse,
    MissingSelfLoops,
    TinyDegreeEpsilon,
    UnnormalizedAdjacency,
    ZeroDegreeDivision,
)
from gnnlint.testing import lint_with

GRAPH_RULES = [UnnormalizedAdjacency, ZeroDegreeDivision, TinyDegreeEpsilon, MissingSelfLoops,
               DenseDiagonalInverse, DenseAdjacency]


def lint(source: str, path: str = "model.py") -> list[tuple[int, str]]:
    return sorted((d.line, d.code) for d in lint_with(textwrap.dedent(source), GRAPH_RULES, path))


def messages(source: str) -> dict[str, str]:
    return {d.code: d.message for d in lint_with(textwrap.dedent(source), GRAPH_RULES)}


def test_tiny_epsilon_replaces_zero_degree_division():
    found = lint("""
        import numpy as np
        import networkx as nx
        adj = nx.adjacency_matrix(nx.karate_club_graph())
        deg = np.asarray(adj.sum(axis=1)).ravel()
        d1 = (deg + 1e-9) ** -0.5
        d2 = deg ** -0.5
        d3 = (deg + 1e-5) ** -0.5
        """)
    assert found == [(6, "GNN103"), (7, "GNN102")]


def test_message_says_what_reaches_what_and_where_it_was_built():
    text = messages("""
        import numpy as np
        import tensorflow as tf
        adj = np.array([[0, 1, 1], [1, 0, 0], [1, 0, 0]])
        features = np.random.rand(3, 16)

        def gcn_layer(adj, features):
            return tf.matmul(adj, features)

        out = gcn_layer(adj, features)
        """)["GNN101"]
    assert "raw adjacency `adj` (built line 4" in text
    assert "multiplied with `features` at line 8 in `gcn_layer()`" in text


def test_helper_is_judged_at_each_call_site():
    found = lint("""
        import numpy as np
        import networkx as nx

        def propagate(a, x):
            return a @ x

        A = nx.to_numpy_array(nx.karate_club_graph())
        X = np.random.randn(34, 8)
        h1 = propagate(A, X)
        A_hat = A + np.eye(34)
        d = A_hat.sum(axis=1) ** -1
        h2 = propagate(A_hat * d[:, None], X)
        """)
    assert [f for f in found if f[1] == "GNN101"] == [(10, "GNN101")]


def test_inverse_in_helper_depends_on_what_callers_pass():
    source = """
        import numpy as np
        import networkx as nx

        def normalize(adj):
            d = np.power(adj.sum(axis=1), -0.5)
            return adj * d[:, None] * d[None, :]

        A = nx.to_numpy_array(nx.karate_club_graph())
        good = normalize(A + np.eye(34))
        """
    assert lint(source) == []
    # The power is reported where it is written; the missing identity at the call that omits it,
    # since another call gives the helper a self-looped matrix.
    assert lint(source + "bad = normalize(A)\n") == [(6, "GNN102"), (11, "GNN104")]
    assert lint(source.replace("good = normalize(A + np.eye(34))", "bad = normalize(A)")) == [(6, "GNN102"), (7, "GNN104")]


def test_degree_times_adjacency_is_flagged_where_the_inverse_was_meant():
    text = messages("""
        import numpy as np
        import networkx as nx
        A = nx.adjacency_matrix(nx.karate_club_graph())
        D = np.diag(np.asarray(A.sum(axis=1)).ravel())
        H = (D @ A) @ np.ones((34, 4)) @ np.eye(4)
        X = np.random.randn(34, 4)
        H = (D @ A) @ X
        """)["GNN101"]
    assert "multiplied by the degree matrix, not its inverse" in text


def test_sum_aggregation_layers_are_judged_by_what_their_calls_pass():
    bad = """
        from torch_geometric.nn import GCNConv
        import dgl.nn.pytorch as dglnn
        conv = GCNConv(16, 16, normalize=False)
        gconv = dglnn.GraphConv(16, 16, norm="none")
        """
    assert lint(bad) == [(4, "GNN101"), (5, "GNN101")]
    # A normalization merely present in the module says nothing about what the layer is given.
    assert lint(textwrap.dedent(bad) + "from torch_geometric.transforms import GCNNorm\ntransform = GCNNorm()\n") \
        == [(4, "GNN101"), (5, "GNN101")]
    assert lint("""
        import dgl.nn.pytorch as dglnn
        from dgl.nn import EdgeWeightNorm
        norm = EdgeWeightNorm(norm="both")
        conv = dglnn.GraphConv(16, 16, norm="none")
        def run(g, h, w):
            return conv(g, h, edge_weight=norm(g, w))
        """) == []


def test_pooling_products_are_not_propagation():
    assert lint("""
        import torch
        from torch_geometric.utils import to_dense_adj, one_hot
        def coarsen(edge_index, cluster, x, S):
            A = to_dense_adj(edge_index)[0]
            C = one_hot(cluster)
            A_coarse = C.T @ A @ C
            A_pooled = S.t() @ (A @ S)
            return (A @ S).t() @ x
        """, path="tests/test_pool.py") == []


def test_dense_adjacency_spares_tests_and_small_literal_graphs():
    source = """
        import torch
        from torch_geometric.utils import to_dense_adj
        def layer(x, edge_index):
            adj = to_dense_adj(edge_index)[0] + torch.eye(x.size(0))
            return (adj / adj.sum(1, keepdim=True)) @ x
        """
    assert lint(source) == [(5, "GNN106")]
    assert lint(source, path="tests/test_layer.py") == []


def test_names_are_resolved_through_imports_not_spelling():
    # A local function called `normalized_adjacency` or a class `GCNConv` is not Spektral's.
    assert lint("""
        import networkx as nx

        class GCNConv:
            def __call__(self, inputs):
                return inputs

        A = nx.to_numpy_array(nx.karate_club_graph())
        out = GCNConv()([None, A])
        """) == []


# -- false-positive sweep over the installed graph libraries ---------------------------------------

SITE = Path(importlib.util.find_spec("libcst").origin).parent.parent  # type: ignore[union-attr,arg-type]
# The sweep's result, reviewed finding by finding. Every GNN1xx finding in the installed
# torch_geometric and spektral sources, with why it stays:
EXPECTED_SWEEP = {
    # `deg = 1. / degree(col, ...)` is read back at `row`: on a directed graph, a node with out-edges
    # but no in-edges has in-degree 0 and an infinite cut weight. A real hazard for directed input.
    ("torch_geometric/utils/_normalized_cut.py", 33, "GNN102"),
    # `counts / num_nodes` with `num_nodes = degree(batch)` counted over a batch vector that is not
    # read back at that vector: a graph id with no node (an empty graph batched before others) counts
    # 0 and gives 0 / 0 = NaN. Remote, but nothing in the values rules it out.
    ("torch_geometric/utils/_homophily.py", 146, "GNN102"),
}
# Files holding the guard idioms the rules must accept (PyG gcn_norm / get_laplacian / gdc,
# Spektral degree_power / normalized_adjacency / gcn_filter), and the pooling code that multiplies
# adjacencies with assignment matrices: the bounded subset run on every test run.
IDIOM_FILES = [
    "torch_geometric/nn/conv/gcn_conv.py", "torch_geometric/utils/laplacian.py",
    "torch_geometric/transforms/gdc.py", "torch_geometric/transforms/sign.py",
    "torch_geometric/nn/conv/wl_conv_continuous.py", "torch_geometric/nn/norm/graph_size_norm.py",
    "torch_geometric/transforms/add_metapaths.py", "torch_geometric/nn/pool/asap.py",
    "torch_geometric/nn/pool/cluster_pool.py", "torch_geometric/nn/dense/dense_gcn_conv.py",
    "torch_geometric/utils/_normalize_edge_index.py", "torch_geometric/utils/_normalized_cut.py",
    "spektral/utils/convolution.py", "spektral/datasets/citation.py", "spektral/layers/convolutional/gcn_conv.py",
]


def _sweep(paths: list[Path]) -> set[tuple[str, int, str]]:
    from gnnlint.runner import lint_files

    settings = LintSettings(rules=tuple(GRAPH_RULES))
    outcomes = lint_files([str(p) for p in paths], settings)
    found = set()
    for outcome in outcomes:
        for d in outcome.diagnostics:
            found.add((Path(d.path).relative_to(SITE).as_posix(), d.line, d.code))
    return found


def _installed(*packages: str) -> None:
    for package in packages:
        if importlib.util.find_spec(package) is None or not (SITE / package).is_dir():
            pytest.skip(f"{package} is not installed next to libcst")


def test_guard_idioms_of_the_graph_libraries_are_accepted():
    _installed("torch_geometric", "spektral")
    paths = [SITE / f for f in IDIOM_FILES if (SITE / f).is_file()]
    found = _sweep(paths)
    assert found == {f for f in EXPECTED_SWEEP if f[0] in IDIOM_FILES and (SITE / f[0]).is_file()}


@pytest.mark.slow
def test_sweep_of_installed_torch_geometric_and_spektral():
    _installed("torch_geometric", "spektral")
    paths = sorted((SITE / "torch_geometric").rglob("*.py")) + sorted((SITE / "spektral").rglob("*.py"))
    assert _sweep(paths) == EXPECTED_SWEEP


def test_helper_guarded_by_every_caller_is_quiet_and_otherwise_judged_alone():
    kipf = """
        import numpy as np
        import scipy.sparse as sp

        def normalize_adj(adj):
            d = sp.diags(np.power(np.array(adj.sum(1)), -0.5).flatten(), 0)
            return adj.dot(d).transpose().dot(d).tocsr()

        def preprocess_adj(adj):
            adj = adj + sp.eye(adj.shape[0])
            return normalize_adj(adj)
        """
    assert lint(kipf) == []
    assert lint(kipf + "direct = normalize_adj(load_graph())\n") == [(6, "GNN102")]


def test_inverse_read_back_only_where_the_degree_was_counted():
    assert lint("""
        from torch_geometric.utils import degree
        def sample(edge_index, n, k):
            deg = degree(edge_index[0], num_nodes=n)
            return (k * (1.0 / deg))[edge_index[0]]
        """) == []
    assert lint("""
        from torch_geometric.utils import degree
        def cut(edge_index, n):
            row, col = edge_index
            deg = 1.0 / degree(col, n)
            return deg[row] + deg[col]
        """) == [(5, "GNN102")]


def test_inverse_stored_and_read_back_only_at_the_counted_index_whatever_the_names():
    source = """
        from torch_geometric.utils import degree
        def scale(x, owner, size=None):
            inv = degree(owner, size, dtype=x.dtype).pow(-0.5)
            return x * inv.index_select(0, owner).view(-1, 1) + x * inv[owner].view(-1, 1)
        """
    assert lint(source) == []
    assert lint(source.replace("inv[owner]", "inv[other]").replace("x, owner,", "x, owner, other,")) == [(4, "GNN102")]
    assert lint(source.replace("return x", "keep = inv\n            return x")) == [(4, "GNN102")]


def test_chains_of_helpers_stay_cheap():
    # Each helper calls the next twice: following every chain with its arguments would take 2**40
    # evaluations. keras/src/saving/file_editor.py once took minutes and gigabytes this way.
    helpers = "\n".join(f"def h{i}(adj):\n    return h{i + 1}(adj) + h{i + 1}(adj.T)\n" for i in range(40))
    source = "import networkx as nx\n" + helpers + "def h40(adj):\n    return adj\n" \
        "A = nx.adjacency_matrix(nx.path_graph(3))\nB = h0(A)\n"
    import time

    start = time.perf_counter()
    lint(source)
    assert time.perf_counter() - start < 10


@pytest.mark.parametrize(("switched_off", "expected"), [
    ("    extra = None", [(12, "GNN101")]),
    ("    extra = normalize(extra)", []),
])
def test_a_value_set_to_none_in_one_arm_leaves_the_other_arm_s_value(switched_off, expected):
    """ACM-GCN's train_prep: the raw adjacency is kept for a structure branch when a flag is on and
    set to None in the `else` arm; no product reads the None, so the raw matrix is what reaches it."""
    source = textwrap.dedent("""\
        import numpy as np
        import scipy.sparse as sp
        import torch
        from mylib import normalize
        pairs = np.loadtxt("e.txt", dtype=int)
        extra = sp.coo_matrix((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])), shape=(9, 9))
        extra = torch.FloatTensor(extra.todense())
        if flags.structure == 1:
            extra = extra.cuda()
        else:
        {switched_off}
        out = torch.mm(extra, torch.rand(9, 4))
        """).replace("{switched_off}", switched_off)
    assert [f for f in lint(source) if f[1] == "GNN101"] == expected


FACTORY_LAYER = """
    import torch
    from torch import nn


    class GraphConvolution(nn.Module):
        def __init__(self, n_in, n_out):
            super().__init__()
            self.weight = nn.Parameter(torch.empty(n_in, n_out))

        def forward(self, h, graph):
            return torch.mm(graph, h @ self.weight)
"""

FACTORY_MODEL = """
    from torch import nn
    from layers import GraphConvolution


    class Stack(nn.Module):
        def __init__(self, n_in, n_out):
            super().__init__()
            self.blocks = nn.ModuleList()
            self.blocks.append(GraphConvolution(n_in, n_out))

        def forward(self, h, graph):
            return self.blocks[0](h, graph)
"""

FACTORY = """
    from models import Stack


    def build(kind, n_in, n_out):
        if kind == "stack":
            net = Stack(n_in, n_out)
        return net
"""

FACTORY_SCRIPT = """
    import numpy as np
    import scipy.sparse as sp
    import torch
    from factory import build

    pairs = np.loadtxt("edges.txt", dtype=int)
    graph = sp.coo_matrix((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])), shape=(9, 9)){normalize}
    graph = torch.FloatTensor(graph.todense())
    net = build("stack", 4, 2)
    out = net(torch.rand(9, 4), graph)
"""


@pytest.mark.parametrize(("normalize", "expected"), [
    ("", [("layers.py", 11), ("models.py", 12)]),
    ("\n    graph = sp.diags(1.0 / np.array((graph + sp.eye(9)).sum(1)).flatten()) @ (graph + sp.eye(9))", [])])
def test_a_model_built_by_a_factory_of_another_module_runs_its_layers_on_the_script_s_graph(
        tmp_path: Path, normalize: str, expected: list[tuple[str, str]]) -> None:
    """ACM-GCN's layout: train.py gets the model from parse_method() of parse.py, which builds the
    model class of models.py; the model calls its layers by index from a ModuleList, and the layer
    (a third module) multiplies the graph the script built. Reported in the layer, at the product,
    and where the model hands the graph on."""
    from gnnlint.api import lint_paths
    files = {"layers.py": FACTORY_LAYER, "models.py": FACTORY_MODEL, "factory.py": FACTORY,
             "train.py": FACTORY_SCRIPT.format(normalize=normalize)}
    for name, text in files.items():
        (tmp_path / name).write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    found = sorted((Path(d.path).relative_to(tmp_path).as_posix(), d.line)
                   for d in lint_paths([tmp_path]) if d.code == "GNN101")
    assert found == expected


TRAIN_SCRIPT = """
    import numpy as np
    import scipy.sparse as sp
    import torch
    from models import Stack


    def fit(net, features, graph):
        return net(features, graph).sum()


    def main():
        pairs = np.loadtxt("edges.txt", dtype=int)
        graph = sp.coo_matrix((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])), shape=(9, 9)){normalize}
        graph = torch.FloatTensor(graph.todense())
        net = Stack(4, 2)
        for _ in range(10):
            fit(net, torch.rand(9, 4), graph)
"""


@pytest.mark.parametrize(("normalize", "expected"), [
    ("", [("layers.py", 11), ("train.py", 8)]),
    ("\n        graph = sp.diags(1.0 / np.array((graph + sp.eye(9)).sum(1)).flatten()) @ (graph + sp.eye(9))", [])])
def test_a_graph_loaded_in_main_reaches_the_layers_through_the_training_function(
        tmp_path: Path, normalize: str, expected: list[tuple[str, str]]) -> None:
    """The usual script: main() loads the graph and builds the model, and hands both to a training
    function, which calls the model, which calls its layer (another module), which multiplies the
    graph. The layer is judged with what main() built, three calls up, and reported at its product;
    the training function's call of the model resolves to the model class through what main()
    passes it, and is reported where it hands the graph on."""
    from gnnlint.api import lint_paths
    files = {"layers.py": FACTORY_LAYER, "models.py": FACTORY_MODEL, "train.py": TRAIN_SCRIPT.format(normalize=normalize)}
    for name, text in files.items():
        (tmp_path / name).write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    found = sorted((Path(d.path).relative_to(tmp_path).as_posix(), d.line)
                   for d in lint_paths([tmp_path]) if d.code == "GNN101")
    assert found == expected


DGL_LAYERS = """
    import dgl.function as fn
    from torch import nn


    class Layer(nn.Module):
        def __init__(self, c_in, c_out):
            super().__init__()
            self.lin = nn.Linear(c_in, c_out)

        def forward(self, g, h):
            with g.local_scope():
                norm = g.in_degrees().float().pow(-0.5)
                g.ndata["h"] = self.lin(h) * norm.unsqueeze(1)
                g.update_all(fn.copy_u("h", "m"), fn.sum("m", "h"))
                return g.ndata["h"] * norm.unsqueeze(1)


    class Net(nn.Module):
        def __init__(self, c):
            super().__init__()
            self.l1 = Layer(c, 16)

        def forward(self, g, x):
            return self.l1(g, x)
"""

DGL_SCRIPT = """
    import dgl
    from layers import Net

    graph = dgl.data.CoraGraphDataset()[0]{loops}
    model = Net(graph.ndata["feat"].shape[1])
    out = model(graph, graph.ndata["feat"])
"""


@pytest.mark.parametrize(("loops", "expected"), [
    ("\n    graph = dgl.add_self_loop(graph)", []),
    ("", [("layers.py", 12)])])
def test_a_dgl_model_split_across_modules_takes_its_degrees_of_the_script_s_graph(
        tmp_path: Path, loops: str, expected: list[tuple[str, int]]) -> None:
    """The DGL tutorial split in two files: the layer inverts the in-degrees of the graph the model's
    forward hands it, which the script built. The model's call passes only its own parameter, so
    the graph is followed on to the script (through Net.__call__): its self-loops guard the layer,
    and without them the layer is reported at its inverse, not at the model's call."""
    from gnnlint.api import lint_paths
    files = {"layers.py": DGL_LAYERS, "main.py": DGL_SCRIPT.format(loops=loops)}
    for name, text in files.items():
        (tmp_path / name).write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    found = sorted((Path(d.path).relative_to(tmp_path).as_posix(), d.line)
                   for d in lint_paths([tmp_path]) if d.code == "GNN102")
    assert found == expected


def test_degree_inverted_on_the_line_that_takes_it():
    # Two statements on one line (`deg = ...; inv = deg.pow(-1)`) are two statements, not one that
    # cannot see its own store: the inverse is judged as it would be on two lines.
    one_line = """
        def mean(adj, x):
            deg = adj.sum(1); inv = deg.pow(-1)
            return inv[:, None] * (adj @ x)
        """
    two_lines = one_line.replace("; ", "\n            ")
    assert lint(one_line) == [(3, "GNN102")]
    assert lint(two_lines) == [(4, "GNN102")]


def test_a_file_counting_neighbours_only_by_scatter_is_read():
    # No `.sum(`, no `deg` in the file: the count of neighbours is a segment count of ones. The text
    # prefilter must still let the degree rules read it.
    source = """
        import torch
        from torch_scatter import scatter_add


        def mean_over_neighbours(x, edge_index):
            row, col = edge_index
            out = scatter_add(x[col], row, dim=0, dim_size=x.size(0))
            cnt = scatter_add(torch.ones_like(row, dtype=x.dtype), row, dim=0, dim_size=x.size(0))
            return out / cnt.unsqueeze(-1)
        """
    assert "sum" not in source and "deg" not in source
    assert lint(source) == [(10, "GNN102")]


WEIGHTED_SUMS = """
    import tensorflow as tf
    import torch
    from torch_scatter import scatter_add


    def edge_norm(edge_index, edge_weight, n):
        row, col = edge_index
        deg = scatter_add(edge_weight, col, dim=0, dim_size=n)
        return edge_weight / deg[col]


    def scores(logits, col, n):
        alpha = torch.relu(logits)
        total = torch.zeros(n).index_add_(0, col, alpha)
        return alpha / total.index_select(0, col)


    def scores_tf(logits, col, n):
        alpha = tf.nn.relu(logits)
        total = tf.math.unsorted_segment_sum(alpha, col, n)
        return alpha / tf.gather(total, col)


    def counts(edge_index, n):
        row, col = edge_index
        ones = torch.ones(col.size(0))
        deg = scatter_add(ones, col, dim=0, dim_size=n)
        return 1.0 / deg[col]
    """


def test_a_weighted_segment_sum_read_back_at_its_index_is_a_sum_not_a_guarded_degree():
    # Read back at the index it sums over, a sum of weights holds at least the weight read, which
    # may be 0: not >= 1 like a count of ones (a name bound to ones counts, by its value). No isolated
    # node is read, so it is no degree division; the division by a data-dependent sum is GNN504's, in
    # every spelling of the sum and of the read.
    from gnnlint.rules.unguarded_division import UnguardedDivision

    found = sorted((d.line, d.code) for d in lint_with(textwrap.dedent(WEIGHTED_SUMS),
                                                       [*GRAPH_RULES, UnguardedDivision]))
    assert found == [(10, "GNN504"), (16, "GNN504"), (22, "GNN504")]


@pytest.mark.parametrize(("unpack", "expected"), [
    ("x, *_, a = inputs", []),  # `a` is the last item (the normalized matrix): not counted from the left
    ("x, a, *_ = inputs", [(29, "GNN101"), (25, "GNN106")]),  # before the star: the raw matrix
    ("x, *a, b = inputs", []),  # the star takes a list of what is left: no single position
])
def test_targets_from_a_star_on_get_no_position_from_the_left(unpack, expected):
    source = """
        import networkx as nx
        import numpy as np
        import tensorflow as tf
        from tensorflow.keras import backend as K
        from tensorflow.keras.layers import Layer


        class GraphConv(Layer):
            def __init__(self, units, **kw):
                super().__init__(**kw)
                self.units = units

            def build(self, shapes):
                self.kernel = self.add_weight(shape=(shapes[0][-1], self.units), initializer="glorot_uniform")

            def call(self, inputs):
                UNPACK
                return K.dot(a, K.dot(x, self.kernel))


        g = nx.karate_club_graph()
        n = g.number_of_nodes()
        feats = tf.constant(np.identity(n), dtype=tf.float32)
        adj = nx.to_numpy_array(g)
        loops = adj + np.identity(n)
        d = np.diag(np.power(loops.sum(1), -0.5))
        norm = d @ loops @ d
        out = GraphConv(4)([feats, tf.constant(adj, dtype=tf.float32), tf.constant(norm, dtype=tf.float32)])
        """.replace("UNPACK", unpack)
    assert lint(source) == sorted(expected)


NORMALIZER_WITH_A_LOOP_SWITCH = """
import torch


def row_normalize(h, add=False):
    if not add:
        h = h * (1 - torch.eye(h.shape[0]))
    else:
        h = h * (1 - torch.eye(h.shape[0])) + torch.eye(h.shape[0])
    deg_inv = torch.sum(h, dim=1).pow(-1)
    deg_inv[torch.isinf(deg_inv)] = 0
    return torch.mm(torch.diag(deg_inv), h)


graphs = [(torch.rand(5, 5) > 0.5).float() for _ in range(3)]
first = row_normalize(graphs[0]{first})
second = row_normalize(graphs[1]{second})
"""


@pytest.mark.parametrize("first, second, expected", [
    ("", "", [12]),                       # every call leaves add=False: only the loop-free arm runs
    (", add=True", ", True", []),         # every call puts the loops back
    ("", ", add=True", []),               # the calls disagree: both arms run, the last one's store is read
    (", add=flag", ", add=flag", []),     # not a literal: nothing is ruled out
])
def test_a_function_s_own_line_is_judged_with_the_arm_every_call_selects(first: str, second: str,
                                                                           expected: list[int]) -> None:
    source = NORMALIZER_WITH_A_LOOP_SWITCH.format(first=first, second=second)
    assert [line for line, code in lint(source) if code == "GNN104"] == expected


HELPER_CALLED_WITH_A_CONFIGURED_FLAG = """
import argparse

import numpy as np
import scipy.sparse as sp
import torch

parser = argparse.ArgumentParser()
parser.add_argument("--norm", {option})
args = parser.parse_args()
NORMALIZE = {constant}


def preprocess(adj, norm=False):
    if norm:
        d = sp.diags(np.power(np.array(adj.sum(1)), -0.5).flatten())
        return d @ (adj + sp.eye(adj.shape[0])) @ d
    return adj


pairs = np.loadtxt("edges.txt", dtype=np.int64)
adj = sp.coo_matrix((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])), shape=(100, 100))
a = torch.FloatTensor(np.array(preprocess(adj, {flag}).todense()))
out = a @ torch.randn(100, 8)
"""


@pytest.mark.parametrize("option, constant, flag, expected", [
    ('action="store_true"', "True", "args.norm", [24]),     # off in a run without flags: the raw arm
    ('action="store_false"', "True", "args.norm", []),      # on by default
    ("type=int, default=1", "True", "args.norm", []),
    ('action="store_true"', "False", "NORMALIZE", [24]),    # a module constant bound once
    ('action="store_true"', "True", "NORMALIZE", []),
])
def test_a_helper_s_arm_is_selected_by_an_option_default_or_a_constant(option: str, constant: str, flag: str,
                                                                       expected: list[int]) -> None:
    source = HELPER_CALLED_WITH_A_CONFIGURED_FLAG.format(option=option, constant=constant, flag=flag)
    assert [line for line, code in lint(source) if code == "GNN101"] == expected


def test_a_function_handed_on_as_a_value_keeps_both_arms() -> None:
    """`partial(row_normalize, add=True)` may call it with the loops put back: the calls the module
    shows are not all its calls, so no arm is ruled out."""
    source = NORMALIZER_WITH_A_LOOP_SWITCH.format(first="", second="") \
        + "\nimport functools\nlooped = functools.partial(row_normalize, add=True)\n"
    assert [line for line, code in lint(source) if code == "GNN104"] == []


def test_a_parameter_or_keyword_spelled_like_the_function_hands_nothing_on() -> None:
    """`def __init__(self, norm=True)` and `F.normalize(x, p=2)` name a parameter; they do not read
    the method `norm`, so its calls in the module still decide its arm."""
    source = """
import torch
import torch.nn.functional as F


class Layer(torch.nn.Module):
    def __init__(self, norm=True):
        super().__init__()
        self.use_norm = norm

    def norm(self, h, add=False):
        if add == False:
            h = h * (1 - torch.eye(h.shape[0]))
        else:
            h = h * (1 - torch.eye(h.shape[0])) + torch.eye(h.shape[0])
        deg_inv = torch.sum(h, dim=1).pow(-1)
        deg_inv[torch.isinf(deg_inv)] = 0
        return torch.mm(torch.diag(deg_inv), h)

    def forward(self, a, x):
        return self.norm(a) @ F.dropout(x, p=0.5)
"""
    assert [line for line, code in lint(source) if code == "GNN104"] == [18]
