"""Values across the project's own modules: a helper's result flows into its importers, a caller's
guard flows into the layer it calls, and the cache re-lints a file when a module it read changes."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from gnnlint import runner
from gnnlint.api import lint_paths
from gnnlint.cache import Cache
from gnnlint.engine import LintSettings, lint_source
from gnnlint.plugins import default_settings
from gnnlint.rules.graph_propagation import DenseAdjacency

LOADER_RAW = """
    import numpy as np
    import scipy.sparse as sp


    def load_graph(edges, n):
        return sp.coo_matrix((np.ones(len(edges)), (edges[:, 0], edges[:, 1])), shape=(n, n))
"""

LOADER_NORMALIZED = """
    import numpy as np
    import scipy.sparse as sp


    def load_graph(edges, n):
        adj = sp.coo_matrix((np.ones(len(edges)), (edges[:, 0], edges[:, 1])), shape=(n, n))
        adj = adj + sp.eye(n)
        d = np.power(np.array(adj.sum(1)).flatten(), -0.5)
        d_mat = sp.diags(d)
        return d_mat @ adj @ d_mat
"""

TRAIN = """
    import numpy as np
    from {module} import load_graph

    adj = load_graph(np.zeros((4, 2), dtype=int), 4)
    features = np.random.rand(4, 3)
    hidden = adj @ features
"""

LAYER = """
    import torch
    from torch import nn


    class Smooth(nn.Module):
        def forward(self, g, h):
            with g.local_scope():
                scale = torch.pow(g.in_degrees().float(), -0.5).unsqueeze(1)
                return h * scale
"""

CALLER = """
    from layer import Smooth


    def run(dataset):
        g = dataset[0]{loops}
        model = Smooth().to("cpu")
        return model(g, g.ndata["feat"])
"""


def write(folder: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")


def findings(folder: Path, code: str) -> list[tuple[str, int]]:
    return sorted((Path(d.path).relative_to(folder).as_posix(), d.line)
                  for d in lint_paths([folder]) if d.code == code)


@pytest.mark.parametrize("module", ["loader", ".loader"])
def test_a_raw_adjacency_returned_by_a_project_module_is_found_where_it_is_multiplied(tmp_path: Path,
                                                                                      module: str) -> None:
    package = tmp_path / "pkg"
    write(package, {"__init__.py": "", "loader.py": LOADER_RAW, "train.py": TRAIN.format(module=module)})
    assert findings(tmp_path, "GNN101") == [("pkg/train.py", 6)]


def test_an_adjacency_normalized_in_the_project_module_is_not_reported(tmp_path: Path) -> None:
    write(tmp_path, {"loader.py": LOADER_NORMALIZED, "train.py": TRAIN.format(module="loader")})
    assert findings(tmp_path, "GNN101") == []


def test_an_importer_sees_the_module_on_disk_not_the_text_last_linted_for_it(tmp_path: Path) -> None:
    """An editor lints unsaved text of `loader.py`; `train.py` imports what is on disk, and its
    findings follow the file, not the text last linted under that name."""
    write(tmp_path, {"loader.py": LOADER_NORMALIZED, "train.py": TRAIN.format(module="loader")})
    settings = default_settings()
    unsaved = textwrap.dedent(LOADER_RAW).lstrip()
    assert lint_source(unsaved, str(tmp_path / "loader.py"), settings) == []
    train = tmp_path / "train.py"
    assert [d.line for d in lint_source(train.read_text(), str(train), settings) if d.code == "GNN101"] == []
    write(tmp_path, {"loader.py": LOADER_RAW})
    assert lint_source(unsaved, str(tmp_path / "loader.py"), settings) == []
    assert [d.line for d in lint_source(train.read_text(), str(train), settings) if d.code == "GNN101"] == [6]


def test_a_layer_is_safe_when_every_importer_passes_a_graph_with_self_loops(tmp_path: Path) -> None:
    write(tmp_path, {"layer.py": LAYER, "main.py": CALLER.format(loops=".add_self_loop()")})
    assert findings(tmp_path, "GNN102") == []


def test_a_layer_is_reported_when_an_importer_passes_the_graph_as_loaded(tmp_path: Path) -> None:
    write(tmp_path, {"layer.py": LAYER, "main.py": CALLER.format(loops="")})
    assert findings(tmp_path, "GNN102") == [("layer.py", 8)]


def test_editing_a_module_relints_its_importers_and_nothing_else(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, {"loader.py": LOADER_NORMALIZED, "train.py": TRAIN.format(module="loader"),
                     "other.py": "import numpy as np\nx = np.log(np.ones(3))\n"})
    settings = default_settings()
    cache = Cache(tmp_path / ".cache", "test")
    files = [str(tmp_path / name) for name in ("loader.py", "train.py", "other.py")]
    linted: list[str] = []
    real_lint = runner.lint_bytes

    def counting(data: bytes, path: str, settings_: object) -> list:
        linted.append(Path(path).name)
        return real_lint(data, path, settings_)  # type: ignore[arg-type]

    monkeypatch.setattr(runner, "lint_bytes", counting)
    first = runner.lint_files(files, settings, jobs=1, cache=cache)
    assert sorted(linted) == ["loader.py", "other.py", "train.py"]
    assert not [d for outcome in first for d in outcome.diagnostics if d.code == "GNN101"]

    linted.clear()
    runner.lint_files(files, settings, jobs=1, cache=cache)
    assert linted == []  # nothing changed: every result from the cache

    write(tmp_path, {"loader.py": LOADER_RAW})
    linted.clear()
    again = runner.lint_files(files, settings, jobs=1, cache=cache)
    assert sorted(linted) == ["loader.py", "train.py"]
    assert [(Path(d.path).name, d.line) for outcome in again for d in outcome.diagnostics
            if d.code == "GNN101"] == [("train.py", 6)]


ATTENTION = """
    import torch
    import torch.nn.functional as F
    from torch import nn


    class Attend(nn.Module):
        def forward(self, h, adj):
            scores = h @ h.t()
            masked = torch.where(adj > 0, scores, torch.full_like(scores, float("-inf")))
            return F.softmax(masked, dim=1) @ h
"""

MODEL = """
    from torch import nn
    from attend import Attend


    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.attend = Attend()

        def forward(self, x, adj):
            return self.attend(x, adj)
"""

DATA = """
    import numpy as np
    import scipy.sparse as sp
    import torch


    def load(edges, n):
        adj = sp.coo_matrix((np.ones(len(edges)), (edges[:, 0], edges[:, 1])), shape=(n, n))
        adj = adj + adj.T.multiply(adj.T > adj) - adj.multiply(adj.T > adj)
        adj = adj{loops}
        return torch.FloatTensor(np.array(adj.todense())), n
"""

SCRIPT = """
    import numpy as np
    import torch
    from torch.autograd import Variable
    from data import load
    from model import Net

    adj, n = load(np.zeros((4, 2), dtype=int), 4)
    model = Net()
    model.cuda()
    adj = Variable(adj)


    def train(features):
        return model(features, adj)
"""


@pytest.mark.parametrize(("loops", "expected"), [(" + sp.eye(n)", []), ("", [("attend.py", 10)])])
def test_a_masked_softmax_is_judged_by_the_graph_the_script_builds_two_modules_away(
        tmp_path: Path, loops: str, expected: list[tuple[str, int]]) -> None:
    """Modelled on Diego999/pyGAT: the layer masks with `adj > 0`; the model passes `adj` through;
    the script gets it from the data module, which adds self-loops (or, here, may not)."""
    write(tmp_path, {"attend.py": ATTENTION, "model.py": MODEL, "data.py": DATA.format(loops=loops),
                     "train.py": SCRIPT})
    assert findings(tmp_path, "GNN507") == expected


NORMALIZERS = """
    import numpy as np
    import scipy.sparse as sp


    def symmetric(m):
        s = np.array(m.sum(1))
        r = np.power(s, -0.5).flatten()
        r[np.isinf(r)] = 0.0
        q = sp.diags(r)
        return q.dot(m).dot(q).tocoo()


    def renormalized(m):
        m = m + sp.eye(m.shape[0])
        q = sp.diags(np.power(np.array(m.sum(1)), -0.5).flatten())
        return q.dot(m).dot(q).tocoo()


    def pick(kind):
        return {{"sym": symmetric, "renorm": renormalized}}.get(kind, lambda m: m)
"""

SAMPLER = """
    import numpy as np
    import scipy.sparse as sp
    from normalizers import pick


    class Sampler:
        def _prepare(self, kind, m):
            normalize = pick(kind)
            return normalize(m)

        def drop_edges(self, graph, keep, kind):
            coo = graph.tocoo()
            n = coo.shape[0]
            chosen = np.random.permutation(coo.nnz)[:int(coo.nnz * keep)]
            m = sp.coo_matrix((coo.data[chosen], (coo.row[chosen], coo.col[chosen])), shape=(n, n)){loops}
            return self._prepare(kind, m)
"""


@pytest.mark.parametrize(("loops", "expected"), [(" + sp.eye(n)", []), ("", [("normalizers.py", 10)])])
def test_a_normalizer_picked_from_a_table_in_an_importer_is_judged_in_its_own_body(
        tmp_path: Path, loops: str, expected: list[tuple[str, int]]) -> None:
    """Modelled on DropEdge: the sampler gets a normalizer from a dict by name and applies it to the
    edge-dropped adjacency; the entry that normalizes without self-loops is reported in its body."""
    write(tmp_path, {"normalizers.py": NORMALIZERS.format(), "sampler.py": SAMPLER.format(loops=loops)})
    assert findings(tmp_path, "GNN104") == expected


KERAS_LAYER = """
    import numpy as np
    import tensorflow as tf
    from keras import backend as K
    from keras.layers import Layer


    class Attend(Layer):
        def call(self, inputs):
            h = inputs[0]
            g = inputs[1]
            scores = K.dot(h, K.transpose(h))
            scores = tf.where(g > 0, scores, -np.inf)
            return K.dot(K.softmax(scores), h)
"""

KERAS_SCRIPT = """
    import numpy as np
    from keras.layers import Input
    from keras.models import Model
    from attention import Attend
    from attention.data import load

    a, x = load()
    a = a{loops}
    x_in = Input(shape=(8,))
    a_in = Input(shape=(a.shape[0],))
    model = Model(inputs=[x_in, a_in], outputs=Attend()([x_in, a_in]))
    model.fit([x, a], x, batch_size=len(x))
"""


@pytest.mark.parametrize(("loops", "expected"), [(" + np.eye(a.shape[0])", []),
                                                 ("", [("attention/layer.py", 13)])])
def test_a_keras_layer_is_judged_by_the_arrays_fed_to_fit(tmp_path: Path, loops: str,
                                                         expected: list[tuple[str, int]]) -> None:
    """Modelled on keras-gat: the layer (re-exported by its package) is called in the functional API
    on Keras Inputs, and the script feeds `model.fit([x, a])` an adjacency with (or without) loops."""
    write(tmp_path, {"attention/__init__.py": "from .layer import Attend\n", "attention/layer.py": KERAS_LAYER,
                     "attention/data.py": "def load():\n    return None, None\n",
                     "train.py": KERAS_SCRIPT.format(loops=loops)})
    assert findings(tmp_path, "GNN507") == expected


STAR_DATA = """
    import numpy as np
    import scipy.sparse as sp


    class Interactions:
        def __init__(self, r, n_users, n_items):
            self.r, self.n_users, self.n_items = r, n_users, n_items

        def adjacencies(self):
            a = sp.dok_matrix((self.n_users + self.n_items, self.n_users + self.n_items), dtype=np.float32)
            a = a.tolil()
            a[:self.n_users, self.n_users:] = self.r
            a[self.n_users:, :self.n_users] = self.r.T
            a = a.todok()

            def row_normalized(m):
                d = np.power(np.array(m.sum(1)), -1).flatten()
                d[np.isinf(d)] = 0.0
                return sp.diags(d).dot(m).tocoo()

            return a.tocsr(), row_normalized(a + sp.eye(a.shape[0])).tocsr(), row_normalized(a).tocsr()
"""

STAR_SETUP = """
    from utility.data import *

    source = Interactions(sp.load_npz("r.npz"), 100, 200)
"""

STAR_MAIN = """
    from utility.setup import *

    plain, renormalized, row_only = source.adjacencies()
    adj = {choice}
"""


@pytest.mark.parametrize(("choice", "expected"), [("renormalized", []),
                                                  ("row_only + sp.eye(row_only.shape[0])", [("main.py", 4)])])
def test_names_and_aliases_come_through_star_imports(tmp_path: Path, choice: str,
                                                     expected: list[tuple[str, int]]) -> None:
    """Modelled on NGCF: the script star-imports a module that star-imports the data module (and its
    `sp`), calls a method of the data object built there, and adds the identity to the adjacency that
    method row-normalized without self-loops."""
    write(tmp_path, {"utility/__init__.py": "", "utility/data.py": STAR_DATA, "utility/setup.py": STAR_SETUP,
                     "main.py": STAR_MAIN.format(choice=choice)})
    assert findings(tmp_path, "GNN104") == expected


STAR_UTILS = """
    import numpy as np


    def load_split(path):
        return np.load(path)
"""

STAR_SCRIPT = """
    from utils import *


    def transfer(path):
        feats = load_split(path)
        feats[:, 1] = np.log(feats[:, 1] - min(np.min(feats[:, 1]), -1))
        return feats
"""


def test_a_star_import_of_a_project_module_brings_its_library_imports(tmp_path: Path) -> None:
    """Modelled on matenure/FastGCN: the script's only `np` comes from `from utils import *`; it is
    numpy there, so `np.log` is numpy's log here too."""
    write(tmp_path, {"utils.py": STAR_UTILS, "train.py": STAR_SCRIPT})
    assert findings(tmp_path, "GNN501") == [("train.py", 6)]


def test_names_a_module_binds_itself_win_over_a_star_import(tmp_path: Path) -> None:
    local_log = STAR_SCRIPT.replace("from utils import *", "from utils import *\nimport mylib as np")
    write(tmp_path, {"utils.py": STAR_UTILS, "train.py": local_log, "mylib.py": "def log(x):\n    return x\n"})
    assert findings(tmp_path, "GNN501") == []


EVAL_UTILS = """
    import numpy as np


    def categorical_crossentropy(preds, labels):
        return np.mean(-np.log(np.extract(labels, preds)))
"""

EVAL_SCRIPT = """
    import torch
    from utils import *


    def evaluate(model, x, labels):
        preds = torch.softmax(model(x), dim=1).numpy()
        return categorical_crossentropy(preds, labels)
"""


def test_a_function_star_imported_from_a_project_module_is_followed_to_its_callers(tmp_path: Path) -> None:
    """Modelled on tkipf/relational-gcn: the script star-imports the evaluation helpers and hands them
    softmax predictions; the helper's log is then a log of probabilities."""
    write(tmp_path, {"utils.py": EVAL_UTILS, "train.py": EVAL_SCRIPT})
    assert findings(tmp_path, "GNN501") == [("utils.py", 5)]


NORMALIZER = """
    import numpy as np
    import scipy.sparse as sp


    def row_normalize(mx):
        rowsum = np.array(mx.sum(1))
        inverse = np.power(rowsum, -1).flatten()
        inverse[np.isinf(inverse)] = 0.0
        return sp.diags(inverse).dot(mx)
"""

NORMALIZED_BY_IT = """
    import numpy as np
    import scipy.sparse as sp
    from normalizer import row_normalize


    class Graphs:
        def __init__(self, edges, n):
            self.adj = self.build(edges, n)

        def build(self, edges, n):
            adj = sp.coo_matrix((np.ones(len(edges)), (edges[:, 0], edges[:, 1])), shape=(n, n))
            return row_normalize(adj)


    graphs = Graphs(np.loadtxt("edges.txt", dtype=int), 34)
"""


def test_a_finding_inside_another_module_names_that_module_and_its_line(tmp_path: Path) -> None:
    """The normalization happens in `normalizer.py` (as in DGL's hilander); the finding is at the
    line of this file that hands it a graph without self-loops, an edge list read from a file (not
    at the call of the method around it), and its message says where the normalization is. The
    pairs of hilander's own graph come from a neighbour search, and are not claimed loop-free."""
    write(tmp_path, {"normalizer.py": NORMALIZER, "build.py": NORMALIZED_BY_IT})
    found = [d for d in lint_paths([tmp_path / "build.py"]) if d.code == "GNN104"]
    assert [(Path(d.path).name, d.line) for d in found] == [("build.py", 12)]
    assert "(normalizer.py line 9)" in found[0].message


STACK = """
    import torch.nn.functional as F
    from torch import nn
    from torch_geometric.nn import GCNConv


    class Stack(nn.Module):
        def __init__(self, sizes):
            super().__init__()
            self.convs = nn.ModuleList([GCNConv(a, b) for a, b in zip(sizes[:-1], sizes[1:])])

        def forward(self, x, edge_index):
            for conv in self.convs:
                x = conv(x, edge_index)
                x = F.relu(x)
            return x
"""

STACK_TRAINER = """
    import torch.nn.functional as F
    from models.stack import Stack
    from models.other import Other


    class Trainer:
        def __init__(self, kind, sizes):
            if kind == "stack":
                self.model = Stack(sizes)
            else:
                self.model = Other(sizes)
            self.loss_fn = F.{loss}

        def step(self, data):
            out = self.model(data.x, data.edge_index)
            out = F.log_softmax(out[data.train_mask], 1)
            return self.loss_fn(out, data.y[data.train_mask])
"""


@pytest.mark.parametrize(("loss", "expected"), [("nll_loss", [("models/stack.py", 14)]), ("kl_div", [])])
def test_an_output_activation_is_judged_by_the_loss_an_importer_trains_it_with(
        tmp_path: Path, loss: str, expected: list[tuple[str, int]]) -> None:
    """Modelled on DGN: the model's loop applies ReLU after its last layer too, and the trainer in
    another module feeds that output, through log_softmax, to nll_loss (the finding is at the
    ReLU, and names the trainer); a loss the rule does not know judges nothing."""
    write(tmp_path, {"models/__init__.py": "", "models/stack.py": STACK,
                     "models/other.py": "class Other:\n    pass\n", "trainer.py": STACK_TRAINER.format(loss=loss)})
    assert findings(tmp_path, "GNN602") == expected
    if expected:
        found = [d for d in lint_paths([tmp_path / "models" / "stack.py"]) if d.code == "GNN602"]
        assert "trainer.py" in found[0].message


SYMMETRIC_HELPER = """
    def symmetric(adj, deg_isqrt):
        return deg_isqrt.view(-1, 1) * adj * deg_isqrt.view(1, -1)
"""

SPARSE_SCRIPT = """
    import torch
    from torch_sparse import SparseTensor
    from normalizers import symmetric


    def main(path):
        row, col = torch.load(path)
        adj = SparseTensor(row=row, col=col){loops}
        deg = adj.sum(dim=1)
        d_isqrt = deg.pow(-0.5)
        d_isqrt[d_isqrt == float("inf")] = 0
        return symmetric(adj, d_isqrt)
"""


@pytest.mark.parametrize(("loops", "expected"), [("", [("normalizers.py", 2)]), (".fill_diag(1.0)", [])])
def test_a_helper_is_judged_with_the_graph_an_importer_builds_and_passes(tmp_path: Path, loops: str,
                                                                        expected: list[tuple[str, int]]) -> None:
    """CorrectAndSmooth's ``gen_normalized_adjs(adj, D_isqrt)``: the importer builds the adjacency
    with no self-loops in a function of its own and hands it to the helper, which normalizes it;
    the importer's call passes nothing it was given, so the finding is the helper's."""
    write(tmp_path, {"normalizers.py": SYMMETRIC_HELPER, "main.py": SPARSE_SCRIPT.format(loops=loops)})
    found = [d for d in lint_paths([tmp_path]) if d.code == "GNN104"]
    assert [(Path(d.path).name, d.line) for d in found] == expected
    assert all("main.py line 12" in d.message for d in found)


def test_a_value_an_importer_hands_on_is_reported_once_at_its_call(tmp_path: Path) -> None:
    """The importer passes on what its own caller gave it: the finding is at its call (where the
    value is chosen), not again in the helper's body."""
    write(tmp_path, {"normalizer.py": NORMALIZER, "build.py": NORMALIZED_BY_IT})
    assert findings(tmp_path, "GNN104") == [("build.py", 12)]


DENSIFIER = """
    import torch


    def preprocess(dataset):
        dataset.adj = torch.sparse_coo_tensor(dataset.edge_index, torch.ones(dataset.edge_index.shape[1])).to_dense()
        return dataset
"""

DENSIFIER_CALLER = """
    from torch_geometric.datasets import Planetoid
    import densifier


    def load(name):
        return Planetoid("./data", name)


    dataset = load("Cora")[0]
    {call}
"""


@pytest.mark.parametrize(("call", "expected"), [
    ("dataset = densifier.preprocess(dataset)", [("densifier.py", 5)]),
    ("graphs = [densifier.preprocess(g) for g in [dataset, dataset]]", []),
])
def test_a_dense_conversion_of_a_parameter_counts_when_every_caller_passes_a_loaded_graph(
        tmp_path: Path, call: str, expected: list[tuple[str, int]]) -> None:
    """DAEGC's ``data_preprocessing(dataset)`` makes the whole Planetoid graph dense: every call passes
    one loaded dataset. Called once per graph of a collection, it is one graph among many."""
    write(tmp_path, {"densifier.py": DENSIFIER, "main.py": DENSIFIER_CALLER.format(call=call)})
    settings = LintSettings(rules=(DenseAdjacency,))
    found = [(Path(d.path).name, d.line) for d in lint_paths([tmp_path], settings)]
    assert found == expected


CHEBYSHEV_UTILS = """
    import numpy as np
    import scipy.sparse as sp


    def normalize_adj(adj):
        rowsum = np.array(adj.sum(1))
        d_inv_sqrt = np.power(rowsum, -0.5).flatten()
        d_inv_sqrt[np.isinf(d_inv_sqrt)] = 0.0
        d_mat_inv_sqrt = sp.diags(d_inv_sqrt)
        return adj.dot(d_mat_inv_sqrt).transpose().dot(d_mat_inv_sqrt)


    def chebyshev_basis(adj):
        adj_normalized = normalize_adj(adj)
        laplacian = sp.eye(adj.shape[0]) - adj_normalized
        return [sp.eye(adj.shape[0]), laplacian]
"""

CHEBYSHEV_TRAIN = """
    import numpy as np
    import scipy.sparse as sp
    from utils import chebyshev_basis

    pairs = np.loadtxt("cora.cites", dtype=int)
    adj = sp.coo_matrix((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])), shape=(2708, 2708))
    support = chebyshev_basis(adj)
"""


@pytest.mark.parametrize(("laplacian", "expected"), [
    ("sp.eye(adj.shape[0]) - adj_normalized", []),
    ("adj_normalized", [("utils.py", 14)]),  # the normalization itself is the operator: no self-loops
])
def test_a_normalization_an_importer_takes_from_the_identity_is_a_laplacian(
        tmp_path: Path, laplacian: str, expected: list[tuple[str, int]]) -> None:
    """tkipf/gcn's ``chebyshev_polynomials(adj, k)``, called by ``train.py`` with the graph as
    loaded: ``I - normalize_adj(adj)`` is ChebNet's Laplacian, which wants no self-loops."""
    utils = CHEBYSHEV_UTILS.replace("sp.eye(adj.shape[0]) - adj_normalized", laplacian)
    write(tmp_path, {"utils.py": utils, "train.py": CHEBYSHEV_TRAIN})
    assert findings(tmp_path, "GNN104") == expected


DENSIFY = """
    from torch_geometric.utils import to_dense_adj


    def densify(edge_index):
        adj = to_dense_adj(edge_index)
        return adj
"""

OWN_DATASET = """
    import torch


    class {name}:
        def __init__(self, root):
            self.root = root

        def __getitem__(self, i):
            return torch.load(self.root)
"""


@pytest.mark.parametrize(("source", "expected"), [
    ("from torch_geometric.datasets import KarateClub as Source", [("prep.py", 5)]),
    ("from data import KarateDataset as Source", []),
    ("from data import KarateGraphs as Source", []),  # the same class under another name
])
def test_a_graph_read_by_a_library_dataset_class_not_by_a_class_named_like_one(
        tmp_path: Path, source: str, expected: list[tuple[str, int]]) -> None:
    name = source.split()[3]
    main = f"{source}\nfrom prep import densify\n\ndata = Source('x.pt')[0]\nadj = densify(data.edge_index)\n"
    write(tmp_path, {"prep.py": DENSIFY, "data.py": OWN_DATASET.format(name=name), "main.py": main})
    settings = LintSettings(rules=(DenseAdjacency,))
    assert sorted((Path(d.path).name, d.line) for d in lint_paths([tmp_path], settings)) == expected


SPMM_LAYER = """
    import torch
    from torch import nn


    class GraphConvolution(nn.Module):
        def __init__(self, n_in, n_out):
            super().__init__()
            self.weight = nn.Parameter(torch.empty(n_in, n_out))

        def forward(self, h, graph):
            return torch.spmm(graph, h @ self.weight)
"""

# No `import torch` here: the layer's `torch.spmm` is named by the layer module's imports.
TWO_LAYER_MODEL = """
    from torch import nn
    from layers import GraphConvolution


    class Net(nn.Module):
        def __init__(self, n_in, n_out):
            super().__init__()
            self.first = GraphConvolution(n_in, n_out)

        def forward(self, h, graph):
            return self.first(h, graph)
"""

GRAPH_SCRIPT = """
    import numpy as np
    import scipy.sparse as sp
    import torch
    from models import Net

    edges = np.loadtxt("edges.txt", dtype=int)
    graph = sp.coo_matrix((np.ones(len(edges)), (edges[:, 0], edges[:, 1])), shape=(9, 9)){normalize}
    model = Net(4, 2)
    out = model(torch.rand(9, 4), graph)
"""


@pytest.mark.parametrize(("normalize", "expected"), [
    ("", [("layers.py", 11), ("models.py", 11)]),
    ("\n    graph = sp.diags(1.0 / np.array((graph + sp.eye(9)).sum(1)).flatten()) @ (graph + sp.eye(9))", [])])
def test_a_layer_two_modules_away_is_judged_with_the_imports_of_its_own_module(
        tmp_path: Path, normalize: str, expected: list[tuple[str, int]]) -> None:
    """pygcn's layout: the script passes the graph to a model whose module does not import torch,
    and the model hands it to a layer that multiplies it with `torch.spmm`: the product is
    recognised by the layer module's names, so a raw graph is reported where the model hands it on,
    and in the layer, where it is multiplied (no module holds the whole chain)."""
    write(tmp_path, {"layers.py": SPMM_LAYER, "models.py": TWO_LAYER_MODEL,
                     "train.py": GRAPH_SCRIPT.format(normalize=normalize)})
    assert findings(tmp_path, "GNN101") == expected


GRAPH_IN_A_FUNCTION = """
    import numpy as np
    import scipy.sparse as sp
    import torch
    from models import Net


    def load(path):
        edges = np.loadtxt(path, dtype=int)
        return sp.coo_matrix((np.ones(len(edges)), (edges[:, 0], edges[:, 1])), shape=(9, 9))


    def main(args):
        graph = load(args.dataset){normalize}
        model = Net(4, 2)
        return model(torch.rand(9, 4), graph)
"""


@pytest.mark.parametrize(("normalize", "expected"), [
    ("", [("layers.py", 11), ("train.py", 15)]),
    ("\n        graph = sp.diags(1.0 / np.array((graph + sp.eye(9)).sum(1)).flatten()) @ (graph + sp.eye(9))", [])])
def test_a_graph_built_from_a_function_s_configuration_is_followed_into_the_model_it_is_given(
        tmp_path: Path, normalize: str, expected: list[tuple[str, int]]) -> None:
    """gae's `gae_for(args)`: the graph is built from the function's configuration and handed to a
    model of another module, whose layer (a third module) multiplies it. The model's module leaves
    that call to the script (it passes on what `main` was given), and nothing calls `main` with a
    graph: the script judges the model with the graph it built, and reports at its call; the layer's
    module follows the graph two calls up and reports the product."""
    write(tmp_path, {"layers.py": SPMM_LAYER, "models.py": TWO_LAYER_MODEL,
                     "train.py": GRAPH_IN_A_FUNCTION.format(normalize=normalize)})
    assert findings(tmp_path, "GNN101") == expected


VARIABLES = """
    import numpy as np
    import tensorflow as tf


    def make_variable(mean, spread, shape):
        return tf.Variable(np.random.normal(mean, spread, size=shape).astype(np.float32))


    def fan_scaled(shape):
        return np.sqrt(2.0 / (shape[0] + shape[1]))
"""

BASIS_LAYER = """
    import tensorflow as tf
    from variables import fan_scaled, make_variable


    class Basis:
        def build(self, relations, bases, dim):
            shape = (relations, bases)
            spread = {spread}
            self.coefficients = make_variable(0, spread, shape)
            self.kernel = make_variable(0, fan_scaled((dim, dim)), (dim, dim))

        def mix(self, per_relation):
            return tf.matmul(per_relation, self.coefficients)
"""


@pytest.mark.parametrize(("spread", "expected"), [("1", [("layer.py", 9)]), ("fan_scaled(shape)", [])])
def test_a_draw_in_an_imported_helper_hands_the_importer_to_the_init_rule(tmp_path: Path, spread: str,
                                                                           expected: list[tuple[str, int]]) -> None:
    """The importer's text names no draw (its rule triggers are in the helper's module): the rule
    still sees the file, and reads the std the call passes."""
    write(tmp_path, {"variables.py": VARIABLES, "layer.py": BASIS_LAYER.format(spread=spread)})
    assert findings(tmp_path, "GNN202") == expected


def test_editing_the_imported_helper_relints_the_file_it_handed_to_a_rule(tmp_path: Path) -> None:
    write(tmp_path, {"variables.py": VARIABLES.replace("np.random.normal", "np.random.standard_t"),
                     "layer.py": BASIS_LAYER.format(spread="1")})
    cache = Cache(tmp_path / ".cache", "test")
    settings = default_settings()
    files = [str(tmp_path / "layer.py")]
    def lines() -> list[int]:
        return [d.line for outcome in runner.lint_files(files, settings, jobs=1, cache=cache)
                for d in outcome.diagnostics if d.code == "GNN202"]

    assert lines() == []
    write(tmp_path, {"variables.py": VARIABLES})
    assert lines() == [9]


OPTIONS_MODULE = """
import argparse


def get_params():
    parser = argparse.ArgumentParser()
    parser.add_argument("--floor", type=float, default={floor})
    return parser.parse_args()


args = get_params()
"""

GATE_SAMPLER = """
import tensorflow as tf
from options import args


def gates(log_alpha):
    low = args.floor
    u = tf.random.uniform(tf.shape(log_alpha), minval=low, maxval=1.0 - low)
    return tf.math.log(u) - tf.math.log(1.0 - u)
"""


@pytest.mark.parametrize("floor, expected", [("0.0", [("sampler.py", 8)]), ("1e-4", [])])
def test_an_option_default_reaches_a_module_that_imports_the_parsed_namespace(
        tmp_path: Path, floor: str, expected: list[tuple[str, int]]) -> None:
    write(tmp_path, {"options.py": OPTIONS_MODULE.format(floor=floor), "sampler.py": GATE_SAMPLER})
    assert findings(tmp_path, "GNN501") == expected


FACTORY_MODELS = """
    import torch
    from torch import nn


    class Hop(nn.Module):
        def forward(self, x, graph):
            return graph.matmul(x)


    class Split(nn.Module):
        def forward(self, x, low, high):
            return low.matmul(x) - high.matmul(x)


    class Plain(nn.Module):
        def forward(self, x, graph):
            return x
"""

FACTORY_PICK = """
    from models import Hop, Plain, Split


    def build(args, device):
        if args.method == "hop":
            model = Hop().to(device)
        elif args.method == "split":
            model = Split().to(device)
        else:
            model = Plain().to(device)
        return model
"""

FACTORY_MAIN = """
    from torch_sparse import SparseTensor
    from pick import build

    edges = load_edges()
    graph = SparseTensor(row=edges[0], col=edges[1], sparse_sizes=(9, 9)).to_torch_sparse_coo_tensor()
    {graph}
    model = build(args, "cpu")
    out = model(features, graph)
"""


@pytest.mark.parametrize(("graph", "expected"), [
    ("graph = graph", [("models.py", 7)]),
    ("graph = graph / graph.sum(1, keepdim=True)", []),
])
def test_a_factory_picking_its_model_by_an_if_elif_chain_runs_every_arm(
        tmp_path: Path, graph: str, expected: list[tuple[str, int]]) -> None:
    """GloGNN's ``parse_method(args, ...)`` returns whichever model an if/elif on the option built;
    ``model(x, adj)`` in the script may run any arm's ``forward`` that takes two arguments (not
    ``Split``'s, which takes three)."""
    write(tmp_path, {"models.py": FACTORY_MODELS, "pick.py": FACTORY_PICK,
                     "main.py": FACTORY_MAIN.replace("{graph}", graph)})
    assert findings(tmp_path, "GNN101") == expected


SPREAD_LAYER_MODULE = """
    from keras import backend as K
    from keras.layers import Layer


    class Spread(Layer):
        def __init__(self, units, support, activation=None, **kwargs):
            super().__init__(**kwargs)
            self.units, self.support, self.activation = units, support, activation

        def call(self, x):
            return K.dot(self.support, x)
"""

SEQUENTIAL_SCRIPT = """
    from keras.layers import Activation
    from keras.models import Sequential
    from graph_layers import Spread

    model = Sequential()
    model.add(Spread(16, support, activation="relu"))
    model.add(Spread(7, support, activation={act}))
    model.add(Activation("softmax"))
    model.compile(loss="categorical_crossentropy", optimizer="adam")
"""


@pytest.mark.parametrize(("act", "expected"), [('"elu"', [("main.py", 7)]), ("None", [])])
def test_a_project_layer_in_a_keras_container_applies_its_activation_keyword(
        tmp_path: Path, act: str, expected: list[tuple[str, int]]) -> None:
    """keras-deep-graph-learning's examples: a layer class of the project's own package added to a
    Sequential applies its `activation=` like any Keras layer, here ELU on the class scores."""
    write(tmp_path, {"graph_layers.py": SPREAD_LAYER_MODULE, "main.py": SEQUENTIAL_SCRIPT.replace("{act}", act)})
    assert findings(tmp_path, "GNN602") == expected


SAVES_GRAPH = """
    import numpy as np


    def prepare(edges, n, name):
        a = np.zeros((n, n))
        for s, t in edges:
            a[s, t] = 1.0
        a = a + np.eye(n){normalize}
        np.save("./" + name + "/adj/graph", a)
"""
NORMALIZE_SAVED = """
        d = np.diag(a.sum(1) ** -0.5)
        a = d @ a @ d"""
TRAINS_FROM_THE_FILE = """
    import numpy as np
    import torch


    class Propagate(torch.nn.Module):
        def __init__(self, d):
            super().__init__()
            self.lin = torch.nn.Linear(d, d)

        def forward(self, x, adj):
            return adj @ self.lin(x)


    adj = torch.tensor(np.load("./data/" + "cora" + "/adj/graph.npy"))
    out = Propagate(4)(torch.randn(3, 4), adj)
"""


@pytest.mark.parametrize("normalize, expected", [("", [("train.py", 11), ("train.py", 15)]),
                                                 (NORMALIZE_SAVED, [])])
def test_a_graph_loaded_from_a_file_is_what_another_script_saved_to_it(tmp_path: Path, normalize: str,
                                                                        expected: list[tuple[str, int]]) -> None:
    """`np.save(path, a)` in a preparation script, `np.load` of the same file name in the training
    script (np.save adds `.npy`): the layer multiplies what was saved, raw or normalized."""
    write(tmp_path, {"prepare/build.py": SAVES_GRAPH.format(normalize=normalize), "train.py": TRAINS_FROM_THE_FILE})
    assert findings(tmp_path, "GNN101") == expected


LAYER_LEFT_TO_THE_SCRIPT = """
    import torch
    import torch.nn as nn


    class Dense(nn.Module):
        def __init__(self, i, o):
            super().__init__()
            self.weight = nn.Parameter(torch.FloatTensor(i, o))

        def forward(self, x):
            return x @ self.weight
"""
SCRIPT_BUILDING_THE_LAYER = """
    import torch.nn as nn
    from layers import Dense


    def weights_init(m):
        {body}


    model = Dense(8, 8)
    model.apply(weights_init)
"""


@pytest.mark.parametrize("body, expected", [("nn.init.xavier_uniform_(m.weight)", []),
                                            ("print(m)", [("layers.py", 8)])])
def test_a_parameter_initialised_by_the_script_that_builds_the_layer_is_initialised(
        tmp_path: Path, body: str, expected: list[tuple[str, int]]) -> None:
    """`torch.FloatTensor(i, o)` in `layers.py`, `model.apply(weights_init)` in the training script:
    the weights are set before training when `weights_init` sets them, and only then."""
    write(tmp_path, {"layers.py": LAYER_LEFT_TO_THE_SCRIPT, "train.py": SCRIPT_BUILDING_THE_LAYER.format(body=body)})
    assert findings(tmp_path, "GNN204") == expected


def test_a_package_that_star_imports_many_modules_is_recorded_a_bounded_number_of_times(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`model/__init__.py` star-imports more modules than the record pool holds, and the script
    star-imports `model` and reads many names: each name lookup once recorded the package again,
    and with it every module it star-imports (LanczosNetwork: more than ten minutes for 36 files)."""
    from gnnlint.analysis import project as project_module

    count = 16
    files = {"model/__init__.py": "".join(f"from model.m{i} import *\n" for i in range(count))}
    files.update({f"model/m{i}.py": f"import torch\n\n\nclass Net{i}(torch.nn.Module):\n    pass\n"
                  for i in range(count)})
    files["run.py"] = "import torch\nfrom model import *\n\n\n" + "".join(
        f"def build{i}(adj, x):\n    net = Net{i}()\n    h = adj @ x\n    return net(h), h / h.sum(1)\n\n\n"
        for i in range(count))
    write(tmp_path, files)
    recorded = []
    real = project_module._record
    monkeypatch.setattr(project_module, "_record", lambda path, *rest: recorded.append(path) or real(path, *rest))
    project_module._PROJECT = None
    lint_paths([tmp_path / "run.py"])
    assert len(recorded) <= 6 * (count + 1)  # (without the fix: thousands, and 45 s)


HELPER_WITH_A_SWITCH = """
    import numpy as np
    import scipy.sparse as sp


    def preprocess(adj, norm=False):
        if norm:
            d = sp.diags(np.power(np.array(adj.sum(1)), -0.5).flatten())
            return d @ (adj + sp.eye(adj.shape[0])) @ d
        return adj
"""
SCRIPT_CALLING_THE_HELPER = """
    import numpy as np
    import scipy.sparse as sp
    import torch
    from utils import preprocess

    pairs = np.loadtxt("edges.txt", dtype=np.int64)
    adj = sp.coo_matrix((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])), shape=(100, 100))
    a = torch.FloatTensor(np.array(preprocess(adj{flag}).todense()))
    out = a @ torch.randn(100, 8)
"""


@pytest.mark.parametrize("flag, expected", [("", [("train.py", 9)]), (", norm=True", []), (", True", []),
                                            (", norm=np.random.rand() > 0.5", [])])
def test_an_imported_helper_returns_the_arm_its_call_s_literal_selects(
        tmp_path: Path, flag: str, expected: list[tuple[str, int]]) -> None:
    """`preprocess(adj)` leaves `norm=False`: only the raw arm runs. With `norm=True` only the
    normalizing arm runs; with a flag that is not a literal, both may, and nothing is claimed."""
    write(tmp_path, {"utils.py": HELPER_WITH_A_SWITCH, "train.py": SCRIPT_CALLING_THE_HELPER.format(flag=flag)})
    assert findings(tmp_path, "GNN101") == expected

