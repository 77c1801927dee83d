"""GNN501-GNN504, GNN506, GNN507: what each numerics rule reports, what it must leave alone, and
that messages carry the evidence and a fix."""

from __future__ import annotations

import textwrap

import libcst as cst
import pytest

from gnnlint.analysis.numerics import segment_sum
from gnnlint.analysis.scopes import dotted_name
from gnnlint.rule import Rule
from gnnlint.rules.fully_masked_softmax import FullyMaskedSoftmax
from gnnlint.rules.softmax_before_crossentropy import SoftmaxBeforeCrossentropy
from gnnlint.rules.unguarded_division import UnguardedDivision
from gnnlint.rules.unguarded_log import UnguardedLog
from gnnlint.rules.unguarded_sqrt import UnguardedSqrt
from gnnlint.rules.unstable_manual_softmax import UnstableManualSoftmax
from gnnlint.testing import lint_with

TORCH = "import torch\nimport torch.nn.functional as F\nfrom torch import nn\n"
TF = "import tensorflow as tf\n"
NP = "import numpy as np\n"


def findings(rule, source):
    return lint_with(textwrap.dedent(source), [rule])


def lines(rule, source):
    return [d.line for d in findings(rule, source)]


# -- GNN501 unguarded-log ------------------------------------------------------------------------

@pytest.mark.parametrize("body", [
    "y = torch.log(F.softmax(x, dim=1))",
    "y = torch.log(torch.sigmoid(x))",
    "p = torch.sigmoid(z)\ny = torch.log(p)",
    "p = torch.sigmoid(z)\ny = torch.log(1 - p)",
    "p = F.softmax(z, -1)\ny = p.log()",
    "y = z.softmax(-1)[mask].log()",
    "sm = nn.Softmax(dim=1)\ny = torch.log(sm(x))",
    "from torch_geometric.utils import degree\ndeg = degree(col, n)\ny = torch.log(deg)",
    "from torch_geometric.utils import to_dense_adj\nm = to_dense_adj(edge_index)[0]\ny = torch.log(m.sum(1))",
])
def test_log_of_probability_or_degree_is_reported(body):
    assert len(findings(UnguardedLog, TORCH + body)) == 1


def test_a_row_sum_is_a_degree_by_what_was_summed_not_its_name():
    assert findings(UnguardedLog, TORCH + "y = torch.log(adj.sum(1))") == []  # nothing says adj is a graph


@pytest.mark.parametrize("source", [
    TF + "y = tf.math.log(tf.nn.softmax(x))",
    TF + "p = tf.sigmoid(z)\ny = tf.math.log(1.0 - p)",
    NP + "from scipy.special import expit\np = expit(z)\ny = np.log(p)",
    "import keras\ny = keras.ops.log(keras.ops.softmax(x))",
])
def test_log_is_reported_across_frameworks(source):
    assert len(findings(UnguardedLog, source)) == 1


@pytest.mark.parametrize("body", [
    "y = F.log_softmax(x, dim=1)",
    "y = F.logsigmoid(x)",
    "y = F.softplus(-x)",
    "y = nn.BCEWithLogitsLoss()(x, t)",
    "y = torch.log(torch.sigmoid(x) + 1e-8)",
    "y = torch.log(torch.clamp(torch.sigmoid(x), min=1e-8))",
    "y = torch.sigmoid(x).clamp(min=1e-8).log()",
    "y = torch.log1p(-torch.sigmoid(x))",
    "p = torch.sigmoid(x)\np = p.clamp(min=1e-6)\ny = torch.log(p)",
    "p = torch.sigmoid(x)\np = torch.log(p + 1e-6)",
    "from torch_geometric.utils import degree\ndeg = degree(col, n)\ndeg.clamp_(min=1)\ny = torch.log(deg)",
    "from torch_geometric.utils import degree\ny = torch.log(degree(col, n) + 1)",
    "y = torch.log(x)",
    "self.log('loss', loss)",
    "logger.log(10, 'x')",
])
def test_guarded_log_is_quiet(body):
    assert findings(UnguardedLog, TORCH + body) == []


def test_log_guards_in_tensorflow_are_quiet():
    source = TF + textwrap.dedent("""
    y1 = tf.nn.log_softmax(x)
    y2 = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)(t, x)
    y3 = tf.math.log(tf.clip_by_value(tf.nn.softmax(x), 1e-7, 1.0))
    """)
    assert findings(UnguardedLog, source) == []


def test_log_needs_the_import_not_the_spelling():
    assert findings(UnguardedLog, "def f(x):\n    return log(softmax(x))\n") == []
    aliased = "import torch as th\nfrom torch.nn.functional import softmax as sm\ny = th.log(sm(x, 1))\n"
    assert len(findings(UnguardedLog, aliased)) == 1


def test_log_message_names_the_producer_and_the_fused_fix():
    [d] = findings(UnguardedLog, TORCH + "p = F.softmax(out, dim=1)\nloss = torch.log(p)\n")
    assert "`torch.log(p)`" in d.message and "`F.softmax(out, dim=1)`" in d.message
    assert d.fix_title == "use `F.log_softmax(out, dim=1)`"
    [d] = findings(UnguardedLog, TF + "y = tf.math.log(tf.nn.sigmoid(z))\n")
    assert "tf.math.log_sigmoid(z)" in d.fix_title


def test_log_of_a_model_that_returns_softmax():
    source = TORCH + textwrap.dedent("""
    class Net(nn.Module):
        def forward(self, x):
            h = self.lin(x)
            return F.softmax(h, dim=1)

    model = Net()
    out = model(x)
    loss = F.nll_loss(torch.log(out), y)
    """)
    [d] = findings(UnguardedLog, source)
    assert "log-probabilities" in d.fix_title


# -- GNN502 softmax-before-crossentropy ----------------------------------------------------------

@pytest.mark.parametrize("body", [
    "loss = nn.CrossEntropyLoss()(F.softmax(out, 1), y)",
    "criterion = nn.CrossEntropyLoss()\nloss = criterion(F.softmax(out, dim=1), y)",
    "loss = F.cross_entropy(out.softmax(-1), y)",
    "p = torch.softmax(out, 1)\nloss = F.cross_entropy(p[mask], y[mask])",
    "loss = nn.BCEWithLogitsLoss()(torch.sigmoid(z), t)",
    "loss = F.binary_cross_entropy_with_logits(z.sigmoid(), t)",
])
def test_probabilities_into_a_softmax_loss_are_reported(body):
    assert len(findings(SoftmaxBeforeCrossentropy, TORCH + body)) == 1


@pytest.mark.parametrize("body", [
    "loss = nn.CrossEntropyLoss()(out, y)",
    "loss = F.nll_loss(F.log_softmax(out, 1), y)",
    "loss = nn.NLLLoss()(F.log_softmax(out, 1), y)",
    "loss = F.cross_entropy(F.log_softmax(out, 1), y)",
    "loss = F.binary_cross_entropy(torch.sigmoid(z), t)",
    "loss = nn.BCEWithLogitsLoss()(z, t)",
])
def test_matching_pairs_are_quiet(body):
    assert findings(SoftmaxBeforeCrossentropy, TORCH + body) == []


def test_torch_model_returning_softmax_into_crossentropy():
    source = TORCH + textwrap.dedent("""
    class GCN(nn.Module):
        def __init__(self):
            super().__init__()
            self.out = nn.Softmax(dim=1)

        def forward(self, x):
            return self.out(self.lin(x))

    model = GCN()
    criterion = nn.CrossEntropyLoss()
    loss = criterion(model(x), y)
    """)
    assert lines(SoftmaxBeforeCrossentropy, source) == [15]


KERAS = TF + "from tensorflow import keras\n"


@pytest.mark.parametrize("source, expected", [
    (KERAS + 'm = keras.Sequential([keras.layers.Dense(7, activation="softmax")])\n'
             'm.compile("adam", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))\n', [4]),
    (KERAS + 'm = keras.Sequential([keras.layers.Dense(7)])\n'
             'm.compile("adam", loss=keras.losses.SparseCategoricalCrossentropy())\n', [4]),
    (KERAS + 'm = keras.Sequential([keras.layers.Dense(7)])\n'
             'm.compile("adam", loss="categorical_crossentropy")\n', [4]),
    (KERAS + 'm = keras.Sequential()\nm.add(keras.layers.Dense(7, activation=tf.nn.softmax))\n'
             'fn = keras.losses.CategoricalCrossentropy(from_logits=True)\nm.compile("adam", loss=fn)\n', [6]),
    (KERAS + 'from spektral.layers import GCNConv\nout = GCNConv(7, activation="softmax")([x, a])\n'
             'm = keras.Model(inputs=[x, a], outputs=out)\n'
             'm.compile("adam", keras.losses.CategoricalCrossentropy(from_logits=True))\n', [6]),
    (KERAS + 'm = keras.Sequential([keras.layers.Dense(7, activation="softmax")])\n'
             'fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)\nl = fn(y, m(x))\n', [5]),
    (KERAS + 'l = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=tf.nn.softmax(z))\n', [3]),
])
def test_keras_mismatches_are_reported(source, expected):
    assert lines(SoftmaxBeforeCrossentropy, source) == expected


@pytest.mark.parametrize("source", [
    KERAS + 'm = keras.Sequential([keras.layers.Dense(7, activation="softmax")])\n'
            'm.compile("adam", loss="sparse_categorical_crossentropy")\n',
    KERAS + 'm = keras.Sequential([keras.layers.Dense(7)])\n'
            'm.compile("adam", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))\n',
    KERAS + 'm = keras.Sequential([keras.layers.Dense(7), keras.layers.Softmax()])\n'
            'm.compile("adam", loss=keras.losses.CategoricalCrossentropy())\n',
    KERAS + 'm = build_model()\nm.compile("adam", loss=keras.losses.CategoricalCrossentropy(from_logits=True))\n',
    KERAS + 'm = keras.Sequential([MyLayer(7)])\nm.compile("adam", loss="categorical_crossentropy")\n',
    KERAS + 'm = keras.Sequential([keras.layers.Dense(7)])\n'
            'm.compile("adam", loss=keras.losses.CategoricalCrossentropy(from_logits=flag))\n',
])
def test_keras_matching_or_unknown_pairs_are_quiet(source):
    assert findings(SoftmaxBeforeCrossentropy, source) == []


# -- GNN503 unguarded-sqrt -----------------------------------------------------------------------

@pytest.mark.parametrize("body", [
    "d = torch.sqrt(((a - b) ** 2).sum(-1))",
    "d = torch.sqrt(torch.sum(x * x, dim=1)) + 1e-8",
    "s = x.pow(2).sum(1)\nd = s.sqrt()",
    "d = torch.sqrt(x.var(0))",
    "d = torch.sqrt(dx ** 2 + dy ** 2)",
])
def test_sqrt_of_what_can_be_zero_is_reported(body):
    assert len(findings(UnguardedSqrt, TORCH + body)) == 1


@pytest.mark.parametrize("body", [
    "d = torch.sqrt(((a - b) ** 2).sum(-1) + 1e-12)",
    "d = torch.sqrt(torch.clamp((x ** 2).sum(-1), min=1e-12))",
    "d = torch.linalg.norm(x, dim=-1)",
    "import math\nd = math.sqrt(fan_in)",
    "d = torch.sqrt(deg)",
    "d = deg ** -0.5",
    "d = torch.sqrt(torch.tensor(64.0))",
    "with torch.no_grad():\n    d = torch.sqrt((x ** 2).sum(-1))",
    "d = torch.sqrt((x.detach() ** 2).sum(-1))",
    "s = (x ** 2).sum(-1)\ns.clamp_(min=1e-12)\nd = s.sqrt()",
])
def test_guarded_sqrt_is_quiet(body):
    assert findings(UnguardedSqrt, TORCH + body) == []


def test_sqrt_in_tensorflow_and_numpy():
    assert len(findings(UnguardedSqrt, TF + "d = tf.sqrt(tf.reduce_sum(tf.square(a - b), axis=-1))\n")) == 1
    assert findings(UnguardedSqrt, TF + "d = tf.norm(a - b, axis=-1)\n") == []
    assert findings(UnguardedSqrt, NP + "d = np.sqrt(((a - b) ** 2).sum(-1))\n") == []


def test_roots_of_gradient_cuts_are_quiet_where_the_file_asks_gradients():
    """With ``requires_grad`` in the file the inputs may be differentiated, but a value built from
    gradient cuts (``.item()``, ``.detach()`` through a name, a NumPy function) still has no gradient."""
    source = TORCH + NP + textwrap.dedent("""
    pos = torch.randn(10, 3, requires_grad=True)
    energy = (pos ** 2).sum()
    a = energy.item() ** 0.5
    kept = pos.detach()
    b = ((kept[0] - kept[1]) ** 2).sum() ** 0.5
    c = np.sqrt((pos.detach().numpy() ** 2).sum())
    d = ((pos[0] - pos[1]) ** 2).sum() ** 0.5
    (energy + d).backward()
    """)
    assert [source.splitlines()[f.line - 1] for f in findings(UnguardedSqrt, source)] == [
        "d = ((pos[0] - pos[1]) ** 2).sum() ** 0.5"]


def test_sqrt_in_a_no_grad_function_or_constraint_is_quiet():
    source = TORCH + textwrap.dedent("""
    @torch.no_grad()
    def monitor(x):
        return torch.sqrt((x ** 2).sum(-1))

    class MaxNorm(Constraint):
        def __call__(self, w):
            return torch.sqrt((w ** 2).sum(0))
    """)
    assert findings(UnguardedSqrt, source) == []


# -- GNN504 unguarded-division -------------------------------------------------------------------

@pytest.mark.parametrize("source", [
    TORCH + "y = x / x.sum(1, keepdim=True)",
    TORCH + "y = x / x.norm(dim=1, keepdim=True)",
    TORCH + "y = x / torch.linalg.norm(x, dim=-1, keepdim=True)",
    TORCH + "s = h.abs().sum(-1, keepdim=True)\ny = h / s",
    TORCH + "x /= x.norm(dim=-1, keepdim=True)",
    TORCH + "y = torch.div(x, x.sum(dim=1, keepdim=True))",
    TF + "y = z / tf.reduce_sum(z, axis=1, keepdims=True)",
    NP + "y = f / np.linalg.norm(f, axis=1, keepdims=True)",
])
def test_division_by_own_sum_or_norm_is_reported(source):
    assert len(findings(UnguardedDivision, source)) == 1


def test_an_adjacency_is_deferred_to_the_graph_rules_by_what_it_is_not_its_name():
    """`m / m.sum(1)` is GNN504's whatever `m` is called; once `m` is built as an adjacency
    (`to_dense_adj`), its row normalization is the graph rules' business (GNN102/GNN104)."""
    for name in ("adj", "m"):
        assert len(findings(UnguardedDivision, TORCH + f"y = {name} / {name}.sum(1, keepdim=True)")) == 1
        built = TORCH + (f"from torch_geometric.utils import to_dense_adj\n{name} = to_dense_adj(edge_index)[0]\n"
                         f"y = {name} / {name}.sum(1, keepdim=True)")
        assert findings(UnguardedDivision, built) == []


@pytest.mark.parametrize("source", [
    TORCH + "y = x / (x.sum(1, keepdim=True) + 1e-12)",
    TORCH + "y = x / x.sum(1, keepdim=True).clamp(min=1)",
    TORCH + "y = F.normalize(x, dim=1)",
    TORCH + "s = x.sum(1, keepdim=True)\ns[s == 0] = 1\ny = x / s",
    TORCH + "s = x.sum(1, keepdim=True)\ns.clamp_(min=1)\ny = x / s",
    TORCH + "from torch_geometric.utils import to_dense_adj\nadj = to_dense_adj(edge_index)[0]\ny = adj / adj.sum(1, keepdim=True)",
    TORCH + "y = h_sum / deg.sum(1)",
    TORCH + "y = (loss * mask).sum() / mask.sum()",
    TORCH + "y = x / x.sum()",
    TORCH + "y = ss / torch.norm(ss, dim=(-1, -2), keepdim=True)",
    TORCH + "y = x / x.max()",
    TORCH + "y = torch.exp(x) / torch.exp(x).sum(1, keepdim=True)",
    TORCH + "f = lambda t: t / t.norm(dim=-1, keepdim=True)",
    TF + "y = tf.math.divide_no_nan(z, tf.reduce_sum(z, axis=1, keepdims=True))",
    TF + "y = tf.math.l2_normalize(z, axis=1)",
    NP + "def xent(target, output, from_logits=False):\n    return output / np.sum(output, -1, keepdims=True)",
])
def test_guarded_or_foreign_division_is_quiet(source):
    assert findings(UnguardedDivision, source) == []


def _indicator_sum(where: str, constructor: str, product: str) -> str:
    """A sum of values weighted by a 0/1 indicator of a test (`where(t, 1., 0.)`, a comprehension
    in a tensor constructor), through a matrix product: 0 when the test selects nothing."""
    return TORCH + textwrap.dedent(f"""\
        def weight(values, scores):
            passing = {where}(scores > 0.5, 1.0, 0.0)
            weighted = values * passing
            return weighted / weighted.sum()


        def spread(attention, neighbours, nodes, features):
            indicator = {constructor}([1.0 if n in neighbours else 0.0 for n in nodes])
            mass = attention * {product}(indicator.view(1, -1), features)
            return mass / mass.sum()
        """)


@pytest.mark.parametrize(("imports", "where", "constructor", "product"), [
    ("", "torch.where", "torch.tensor", "torch.mm"),
    ("from torch import where as pick, as_tensor\n", "pick", "as_tensor", "torch.sparse.mm"),
    ("", "torch.where", "torch.FloatTensor", "torch.matmul"),
])
def test_an_indicator_is_known_by_the_library_function_that_built_it(imports, where, constructor, product):
    assert len(findings(UnguardedDivision, imports + _indicator_sum(where, constructor, product))) == 2


def test_a_project_function_named_like_where_tensor_or_mm_is_not_that_library_function():
    """`helpers.where(...)`, `helpers.tensor(...)` and `helpers.mm(...)` do what the project says,
    not what torch's functions of the same name do."""
    source = "from helpers import where, tensor, mm\n" + _indicator_sum("where", "tensor", "mm")
    assert findings(UnguardedDivision, source) == []


def test_a_tensorflow_indicator_is_one_too():
    source = TF + textwrap.dedent("""\
        def spread(attention, neighbours, nodes, features):
            indicator = tf.constant([1.0 if n in neighbours else 0.0 for n in nodes])
            mass = attention * tf.matmul(indicator[None], features)
            return mass / tf.reduce_sum(mass)
        """)
    assert len(findings(UnguardedDivision, source)) == 1


def test_reductions_are_the_tables_sums_and_means():
    """`nansum`/`nanmean` (function and method) are sums and means of the tables' rows too."""
    for body in ("y = x / x.nansum(1, keepdim=True)", "y = x / torch.nanmean(x, 1, keepdim=True)"):
        assert len(findings(UnguardedDivision, TORCH + body)) == 1, body


def test_a_root_without_a_gradient_is_not_gnn503_s():
    """NumPy's and math's square roots carry no gradient: the infinite-gradient hazard is autograd's."""
    assert findings(UnguardedSqrt, NP + "import math\nd = np.sqrt((a - b) ** 2)\ne = math.sqrt(v.sum())\n") == []


def test_division_fix_matches_the_framework():
    [d] = findings(UnguardedDivision, TORCH + "y = x / x.norm(dim=1, keepdim=True)\n")
    assert "F.normalize" in d.fix_title and "`x`" in d.message
    [d] = findings(UnguardedDivision, TF + "y = z / tf.norm(z, axis=1, keepdims=True)\n")
    assert "l2_normalize" in d.fix_title


# -- GNN506 unstable-manual-softmax --------------------------------------------------------------

@pytest.mark.parametrize("source", [
    "import keras\ndef attend(s, mask):\n    e = keras.ops.multiply(keras.ops.exp(s), mask)\n"
    "    return e / keras.ops.sum(e, axis=-1, keepdims=True)\n",
    TORCH + "def attend(s, mask):\n    e = s.exp().mul_(mask)\n    return e / e.sum(-1, keepdim=True)\n",
    TORCH + "def attend(s, mask):\n    e = torch.mul(torch.exp(s), mask)\n    return e / e.sum(-1, keepdim=True)\n",
])
def test_an_exp_masked_by_any_table_product_is_still_an_unshifted_exp(source):
    assert len(findings(UnstableManualSoftmax, source)) == 1


def test_any_exp_row_is_an_exp():
    source = TORCH + "def attend(s):\n    e = torch.exp2(s)\n    return e / e.sum(-1, keepdim=True)\n"
    assert len(findings(UnstableManualSoftmax, source)) == 1


def test_a_project_multiply_is_not_a_product_of_the_exp():
    source = TORCH + ("from helpers import multiply\ndef attend(s, mask):\n    e = multiply(torch.exp(s), mask)\n"
                      "    return e / e.sum(-1, keepdim=True)\n")
    assert findings(UnstableManualSoftmax, source) == []



@pytest.mark.parametrize("source", [
    TORCH + "p = torch.exp(x) / torch.exp(x).sum(dim=1, keepdim=True)",
    TORCH + "e = x.exp()\np = e / e.sum(-1, keepdim=True)",
    TORCH + "p = torch.exp(x) / (torch.exp(x).sum(1, keepdim=True) + 1e-9)",
    TORCH + "g = 1 / (1 + torch.exp(-x))",
    TORCH + "e = torch.exp(x)\ng = e / (1 + e)",
    TORCH + "from torch_geometric.utils import scatter\ne = a.exp()\np = e / scatter(e, i, dim=0, reduce='sum')[i]",
    NP + "p = np.exp(x) / np.sum(np.exp(x), axis=1, keepdims=True)",
    TF + "p = tf.exp(x) / tf.reduce_sum(tf.exp(x), axis=-1, keepdims=True)",
    TF + "g = 1.0 / (1.0 + tf.exp(-x))",
])
def test_manual_softmax_and_sigmoid_are_reported(source):
    assert len(findings(UnstableManualSoftmax, source)) == 1


@pytest.mark.parametrize("source", [
    TORCH + "z = x - x.max(dim=1, keepdim=True).values\np = torch.exp(z) / torch.exp(z).sum(1, keepdim=True)",
    TORCH + "z = x - x.max(1, keepdim=True)[0]\np = z.exp() / z.exp().sum(1, keepdim=True)",
    TORCH + "p = torch.exp(x - torch.logsumexp(x, 1, keepdim=True))",
    TORCH + "p = torch.softmax(x, 1)\ng = torch.sigmoid(x)",
    TORCH + "e = torch.exp(x.clamp(max=50))\np = e / e.sum(1, keepdim=True)",
    TORCH + "from torch_geometric.utils import softmax\np = softmax(a, index)",
    TORCH + ("from torch_geometric.utils import scatter\nm = scatter(a, i, dim=0, reduce='max')\n"
             "e = (a - m[i]).exp()\np = e / scatter(e, i, dim=0, reduce='sum')[i]"),
    NP + "z = np.exp(x - np.max(x, axis=1, keepdims=True))\np = z / z.sum(axis=1, keepdims=True)",
    NP + "g = 1 / (1 + np.exp(-x))",
    NP + "k = np.exp(-0.5 * (d / s) ** 2)\nk = k / k.sum()",
    TF + "z = x - tf.reduce_max(x, axis=-1, keepdims=True)\np = tf.exp(z) / tf.reduce_sum(tf.exp(z), -1)",
])
def test_shifted_or_framework_softmax_is_quiet(source):
    assert findings(UnstableManualSoftmax, source) == []


def test_manual_softmax_fix_names_the_framework_function():
    [d] = findings(UnstableManualSoftmax, TORCH + "p = torch.exp(s) / torch.exp(s).sum(1, keepdim=True)\n")
    assert d.fix_title == "use `torch.softmax(s, dim=...)`"


# -- GNN507 fully-masked-softmax -----------------------------------------------------------------

@pytest.mark.parametrize("body", [
    "s = e.masked_fill(adj == 0, float('-inf'))\na = torch.softmax(s, dim=1)",
    "a = F.softmax(e.masked_fill(adj == 0, -float('inf')), dim=-1)",
    "e.masked_fill_(adj == 0, float('-inf'))\na = e.softmax(-1)",
    "e[adj == 0] = float('-inf')\na = F.softmax(e, dim=1)",
    "z = torch.full_like(e, float('-inf'))\natt = torch.where(adj > 0, e, z)\natt = F.softmax(att, dim=1)",
    "a = nn.Softmax(dim=1)(e.masked_fill(adj == 0, float('-inf')) / 4.0)",
    "a = torch.softmax(e.masked_fill(adj == 0, -1e39), 1)",  # beyond float32's range: -inf once cast
])
def test_masked_softmax_without_self_loops_is_reported(body):
    assert len(findings(FullyMaskedSoftmax, TORCH + body)) == 1


@pytest.mark.parametrize("body", [
    "adj = adj + torch.eye(n)\na = torch.softmax(e.masked_fill(adj == 0, float('-inf')), 1)",
    "a = torch.softmax(e.masked_fill(adj == 0, float('-inf')), 1)\nadj2 = adj + torch.eye(n)",
    "from torch_geometric.utils import add_self_loops\nei, _ = add_self_loops(ei)\n"
    "a = torch.softmax(e.masked_fill(adj == 0, float('-inf')), 1)",
    "adj.fill_diagonal_(1)\na = torch.softmax(e.masked_fill(adj == 0, float('-inf')), 1)",
    "adj[:, idx, idx] = 1.0\na = torch.softmax(e.masked_fill(adj == 0, float('-inf')), 1)",
    "a = torch.nan_to_num(torch.softmax(e.masked_fill(adj == 0, float('-inf')), 1))",
    "a = torch.softmax(e.masked_fill(adj == 0, float('-inf')), 1)\na = a.masked_fill(empty, 0.0)",
    "a = torch.softmax(e.masked_fill(adj == 0, float('-inf')), 1).nan_to_num(0.0)",
    "from torch_geometric.utils import softmax\na = softmax(alpha, index)",
    "a = torch.softmax(e.masked_fill(adj == 0, -100.0), 1)",
    "a = torch.softmax(e, 1)",
    # finite constants in float32: a fully masked row is uniform, not NaN
    "z = -9e15 * torch.ones_like(e)\natt = torch.where(adj > 0, e, z)\natt = F.softmax(att, dim=1)",
    "a = F.softmax(F.leaky_relu(e) - 1e9 * (1 - adj), dim=1)",
    "a = torch.softmax(e.masked_fill(adj == 0, torch.finfo(e.dtype).min), 1)",
])
def test_self_loops_or_nan_guards_keep_masked_softmax_quiet(body):
    assert findings(FullyMaskedSoftmax, TORCH + body) == []


def test_masked_softmax_in_tensorflow():
    source = TF + NP + "s = tf.where(adj > 0, tf.nn.leaky_relu(l), -np.inf)\nc = tf.nn.softmax(s)\n"
    assert lines(FullyMaskedSoftmax, source) == [4]
    assert findings(FullyMaskedSoftmax, source + "adj = adj + tf.eye(n)\n") == []
    finite = TF + "bias = -1e9 * (1.0 - adj)\nc = tf.nn.softmax(tf.nn.leaky_relu(l) + bias)\n"
    assert findings(FullyMaskedSoftmax, finite) == []


def test_mask_constant_beyond_fp16_in_half_precision_code():
    body = "adj = adj + torch.eye(n)\na = torch.softmax(e.masked_fill(adj == 0, -1e9), 1)\nmodel = net.half()\n"
    [d] = findings(FullyMaskedSoftmax, TORCH + body)
    assert "65504" in d.message and "finfo" in d.fix_title
    safe = body.replace("-1e9", "torch.finfo(e.dtype).min")
    assert findings(FullyMaskedSoftmax, TORCH + safe) == []
    bf16 = body.replace("net.half()", "net.to(torch.bfloat16)")
    assert findings(FullyMaskedSoftmax, TORCH + bf16) == []


def test_half_precision_is_what_the_program_calls_not_what_its_text_says():
    body = "adj = adj + torch.eye(n)\na = torch.softmax(e.masked_fill(adj == 0, -1e9), 1)\n"
    words = "# cast with .half() to torch.float16 later\nhelp = 'store the cache as float16'\n"
    assert findings(FullyMaskedSoftmax, TORCH + body + words) == []
    storage = "import numpy as np\ncache = np.zeros((4, 4), dtype=np.float16)\n"
    assert findings(FullyMaskedSoftmax, TORCH + body + storage) == []
    for cast in ("half_net = net.to(dtype=torch.float16)\n", "with torch.cuda.amp.autocast():\n    y = net(x)\n"):
        assert len(findings(FullyMaskedSoftmax, TORCH + body + cast)) == 1


def test_masked_softmax_message_quotes_the_mask():
    [d] = findings(FullyMaskedSoftmax, TORCH + "s = e.masked_fill(adj == 0, float('-inf'))\na = torch.softmax(s, 1)\n")
    assert "masked_fill(adj == 0" in d.message and "NaN" in d.message


# -- sign facts, data provenance, padding masks (GNN504, GNN503, GNN507) ----------------------------

@pytest.mark.parametrize("body, reported", [
    ("w = 1.0 / (d.abs() + 1e-8)\ny = w / w.sum(1, keepdim=True)", False),
    ("w = torch.exp(s)\ny = w / w.norm(dim=1, keepdim=True)", False),
    ("w = F.one_hot(t, 5).float() + 0.1\ny = w / w.sum(-1, keepdim=True)", False),
    ("w = 1.0 / d\ny = w / w.sum(1, keepdim=True)", True),  # d of unknown sign: 1 / d may cancel
    ("w = 1.0 / (d + 1e-8)\ny = w / w.sum(1, keepdim=True)", True),
    ("w = x.abs()\ny = w / w.sum(1, keepdim=True)", True),  # non-negative is not positive
])
def test_a_row_of_strictly_positive_terms_never_sums_to_zero(body, reported):
    assert bool(findings(UnguardedDivision, TORCH + body)) is reported


def test_a_squared_distance_written_expanded_is_non_negative():
    source = TORCH + textwrap.dedent("""
        def sq(a, b):
            out = -2 * torch.matmul(a, b.transpose(1, 2))
            out += torch.sum(a ** 2, -1).unsqueeze(-1)
            out += torch.sum(b ** 2, -1).unsqueeze(1)
            return out

        def weights(a, b):
            r = 1.0 / (sq(a, b) + 1e-8)
            return r / r.sum(2, keepdim=True)
        """)
    assert findings(UnguardedDivision, source) == []
    assert len(findings(UnguardedDivision, source.replace("-2 *", "2 *"))) == 1


POINTS = TORCH + textwrap.dedent("""
    from torch_geometric.nn import MessagePassing

    class Local(MessagePassing):
        def forward(self, edge_index, pos):
            return self.propagate(edge_index, pos=pos)

        def message(self, pos_i, pos_j):
            d = pos_j - pos_i
            return torch.sqrt((d * d).sum(-1, keepdim=True))

    conv = Local()

    def run(loader):
        for batch in loader:
            conv(batch.edge_index, batch.pos).sum().backward()
    """)


def test_the_root_of_input_coordinates_is_never_differentiated():
    assert findings(UnguardedSqrt, POINTS) == []


def test_coordinates_that_require_grad_are_differentiated():
    source = POINTS.replace("for batch in loader:", "for batch in loader:\n        batch.pos.requires_grad_()")
    assert len(findings(UnguardedSqrt, source)) == 1


def test_coordinates_through_a_learned_layer_are_differentiated():
    source = POINTS.replace("conv(batch.edge_index, batch.pos)", "conv(batch.edge_index, lin(batch.pos))")
    source = source.replace("conv = Local()", "conv = Local()\nlin = torch.nn.Linear(3, 3)")
    assert len(findings(UnguardedSqrt, source)) == 1


def test_a_padding_mask_still_must_fit_half_precision():
    body = "s = e.masked_fill(pad[:, None, None, :], -1e9)\na = torch.softmax(s, -1)\nmodel = net.half()\n"
    [d] = findings(FullyMaskedSoftmax, TORCH + body)
    assert "65504" in d.message
    assert findings(FullyMaskedSoftmax, TORCH + body.replace("model = net.half()\n", "")) == []


# -- sign facts (gnnlint/rules/_sign.py), one row each --------------------------------------------

def test_named_constants_fold_through_a_subtraction():
    """`1.0 - s` with `s = 0.99` is 0.01 > 0: an affine squash `p * a + (1 - s)` keeps log off 0;
    the same squash whose offset folds negative is not a guard."""
    body = TORCH + textwrap.dedent("""
    def f(mask, s=None):
        s = {s}
        m = mask * (2 * s - 1.0) + (1.0 - s)
        return -(m * torch.log(m)).mean()
    """)
    assert lines(UnguardedLog, body.replace("{s}", "0.99")) == []
    assert lines(UnguardedLog, body.replace("{s}", "1.01")) == [8]


def test_a_positive_base_to_any_power_is_positive():
    """A Student-t kernel `(1 + d / t) ** -((t + 1) / 2)`: the exponent is no literal, the base is > 0."""
    source = TORCH + textwrap.dedent("""
    def f(h, c, t=1.0):
        q = (1.0 + torch.cdist(h, c) ** 2 / t).pow(-(t + 1.0) / 2.0)
        return q / q.sum(-1, keepdim=True)
    """)
    assert lines(UnguardedDivision, source) == []
    assert lines(UnguardedDivision, source.replace("t=1.0", "t")) == [7]


def test_an_attribute_stored_in_init_reads_the_method_parameter():
    """`self.t = t` keeps `__init__`'s parameter (positive default), not a module name `t`."""
    source = TORCH + textwrap.dedent("""
    t = -1.0

    class P(nn.Module):
        def __init__(self, t=1.0):
            super().__init__()
            self.t = t

        def forward(self, d):
            q = 1.0 + d ** 2 / self.t
            return q / q.sum(-1, keepdim=True)
    """)
    assert lines(UnguardedDivision, source) == []
    assert lines(UnguardedDivision, source.replace("t=1.0", "t")) == [14]


def test_log_of_degrees_from_a_helper_in_another_module(tmp_path: "Path") -> None:
    """GNN501: a degree vector returned by a project helper in another module (a sparse adjacency's
    row sums) is a degree in the caller too: its log is -inf at an isolated node. With self-loops
    added in the helper, every degree is at least 1 and the log is safe."""
    from pathlib import Path

    from gnnlint.api import lint_paths

    package = Path(tmp_path) / "pk"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "utils.py").write_text(textwrap.dedent("""\
        import numpy as np
        import scipy.sparse as sp

        def degrees(edges, n):
            adj = sp.coo_matrix((np.ones(len(edges)), (edges[:, 0], edges[:, 1])), shape=(n, n))
            return np.asarray(adj.sum(1)).flatten()

        def degrees_with_loops(edges, n):
            adj = sp.coo_matrix((np.ones(len(edges)), (edges[:, 0], edges[:, 1])), shape=(n, n))
            adj = adj + sp.eye(n)
            return np.asarray(adj.sum(1)).flatten()
        """), encoding="utf-8")
    (package / "feats.py").write_text(textwrap.dedent("""\
        import numpy as np
        from .utils import degrees, degrees_with_loops

        edges = np.load("e.npy")
        q = degrees(edges, 100)
        log_q = np.log(q)
        r = degrees_with_loops(edges, 100)
        log_r = np.log(r)
        """), encoding="utf-8")
    found = sorted((Path(d.path).name, d.line) for d in lint_paths([tmp_path]) if d.code == "GNN501")
    assert found == [("feats.py", 6)]


def test_log_of_degrees_taken_only_where_they_are_positive_is_quiet(tmp_path: "Path") -> None:
    """GNN501 on degrees from a helper of another module: a log taken under `where=`, or of the
    entries a mask or `nonzero` picks, never sees a zero; a plain slice still may."""
    from pathlib import Path

    from gnnlint.api import lint_paths

    package = Path(tmp_path) / "pk"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "utils.py").write_text(textwrap.dedent("""\
        import numpy as np
        import scipy.sparse as sp

        def degrees(edges, n):
            adj = sp.coo_matrix((np.ones(len(edges)), (edges[:, 0], edges[:, 1])), shape=(n, n))
            return np.asarray(adj.sum(1)).flatten()
        """), encoding="utf-8")
    (package / "feats.py").write_text(textwrap.dedent("""\
        import numpy as np
        from .utils import degrees

        q = degrees(np.load("e.npy"), 100)
        a = np.log(q[q > 0])
        b = np.log(q[np.nonzero(q)])
        c = np.log(q, where=q > 0, out=np.zeros_like(q))
        d = np.log(q[:50])
        """), encoding="utf-8")
    found = sorted((Path(d.path).name, d.line) for d in lint_paths([tmp_path]) if d.code == "GNN501")
    assert found == [("feats.py", 8)]


def test_segment_sum_message_names_a_node_whose_incoming_scores_are_all_zero():
    found = findings(UnguardedDivision, TORCH + textwrap.dedent("""
        def attention(logits, index, n):
            alpha = torch.relu(logits)
            total = torch.zeros(n).index_add_(0, index, alpha)
            return alpha / total[index]
        """))
    assert len(found) == 1
    assert "incoming scores are all 0" in found[0].message and "isolated" not in found[0].message


class _SegmentProbe(Rule):
    """Records what ``segment_sum`` reads from the value of each ``y = ...`` statement."""

    code = "TST003"
    name = "probe-segment-sums"
    message = "-"
    found: list[tuple[str, str | None] | None] = []

    def visit_Assign(self, node: cst.Assign) -> None:
        if isinstance(node.value, cst.Call) and dotted_name(node.targets[0].target) == "y":
            got = segment_sum(self.facts, node.value)
            code = self.context.module.code_for_node
            _SegmentProbe.found.append(None if got is None else
                                       (code(got[0]), None if got[1] is None else code(got[1])))


def segment_sums(source: str) -> list[tuple[str, str | None] | None]:
    _SegmentProbe.found.clear()
    lint_with(TORCH + TF + "import torch_scatter\n" + source, [_SegmentProbe])
    return list(_SegmentProbe.found)


@pytest.mark.parametrize("source", [
    "torch.index_add(out, 0, col, w)", "out.index_add_(0, col, w)", "torch.scatter_add(out, 0, col, w)",
    "out.scatter_add_(0, col, src=w)", "torch.scatter_reduce(out, 0, col, w, 'sum')",
    "out.scatter_reduce_(0, col, w, reduce='add')", "tf.math.unsorted_segment_sum(w, col, n)",
    "torch_scatter.scatter_add(w, col, dim=0)",
])
def test_segment_sum_reads_values_and_index_where_the_tables_say(source):
    assert segment_sums(f"y = {source}\n") == [("w", "col")]


@pytest.mark.parametrize("source", ["torch.scatter_reduce(out, 0, col, w, 'amax')",
                                    "out.scatter_reduce_(0, col, w, reduce='amax')", "out.sum(0)"])
def test_segment_sum_is_none_for_another_reduction(source):
    assert segment_sums(f"y = {source}\n") == [None]
