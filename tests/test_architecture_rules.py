"""GNN601-603: the model-reading logic beyond the catalogue pages (counts, resolution, linking)."""

from __future__ import annotations

import textwrap

import pytest

from gnnlint.rules.activation_on_output import ActivationOnOutput
from gnnlint.rules.deep_propagation_stack import DeepPropagationStack
from gnnlint.rules.saturating_hidden_activation import SaturatingHiddenActivation
from gnnlint.testing import lint_with
from gnnlint.engine import LintSettings, lint_source


def lint(source, rule, **settings):
    source = textwrap.dedent(source)
    if settings:
        return lint_source(source, "<t>", LintSettings(rules=(rule,), rule_settings={rule.code: settings}))
    return lint_with(source, [rule])


def lines(source, rule, **settings):
    return [d.line for d in lint(source, rule, **settings)]


# -- GNN603 ---------------------------------------------------------------------------------------

PYG_LOOP = """
    import torch.nn.functional as F
    from torch import nn
    from torch_geometric.nn import GCNConv

    class Net(nn.Module):
        def __init__(self, c=16, num_layers={n}):
            super().__init__()
            self.convs = nn.ModuleList([GCNConv(c, c) for _ in range(num_layers)])

        def forward(self, x, edge_index):
            for conv in self.convs:
                x = F.relu(conv(x, edge_index))
            return x
"""


@pytest.mark.parametrize(("depth", "expected"), [(4, []), (5, [13]), (8, [13])])
def test_depth_threshold_uses_default_argument(depth, expected):
    assert lines(PYG_LOOP.replace("{n}", str(depth)), DeepPropagationStack) == expected


def test_max_layers_option():
    assert lines(PYG_LOOP.replace("{n}", "6"), DeepPropagationStack, max_layers=6) == []
    assert lines(PYG_LOOP.replace("{n}", "7"), DeepPropagationStack, max_layers=6) == [13]


def test_depth_from_an_argument_without_default_is_not_counted():
    assert lines(PYG_LOOP.replace("num_layers={n}", "num_layers"), DeepPropagationStack) == []


def test_indexed_loop_over_range_of_attribute():
    source = """
        from torch import nn
        from torch_geometric.nn import GINConv, SAGEConv

        class Net(nn.Module):
            def __init__(self, c, num_layers=6):
                super().__init__()
                self.num_layers = num_layers
                self.convs = nn.ModuleList()
                for _ in range(num_layers):
                    self.convs.append(SAGEConv(c, c))

            def forward(self, x, edge_index):
                for i in range(self.num_layers):
                    x = self.convs[i](x, edge_index).relu()
                return x
    """
    [finding] = lint(source, DeepPropagationStack)
    assert finding.line == 15 and "6 `SAGEConv` layers" in finding.message and "self.convs" in finding.message


def test_norms_applied_in_the_same_loop_guard():
    source = """
        from torch import nn
        from torch_geometric.nn import GCNConv, GraphNorm

        class Net(nn.Module):
            def __init__(self, c, num_layers=8):
                super().__init__()
                self.convs = nn.ModuleList([GCNConv(c, c) for _ in range(num_layers)])
                self.norms = nn.ModuleList([GraphNorm(c) for _ in range(num_layers)])

            def forward(self, x, edge_index):
                for i, conv in enumerate(self.convs):
                    x = conv(x, edge_index)
                    x = self.norms[i](x).relu()
                return x
    """
    assert lines(source, DeepPropagationStack) == []


def test_conditional_guard_still_guards():
    source = """
        from torch import nn
        from torch_geometric.nn import GCNConv

        class Net(nn.Module):
            def __init__(self, c, residual=True):
                super().__init__()
                self.convs = nn.ModuleList([GCNConv(c, c) for _ in range(8)])
                self.residual = residual

            def forward(self, x, edge_index):
                for conv in self.convs:
                    h = conv(x, edge_index).relu()
                    if self.residual:
                        h = h + x
                    x = h
                return x
    """
    assert lines(source, DeepPropagationStack) == []


def test_explicit_chain_message_names_first_and_last_layer():
    source = "from torch_geometric.nn import GCNConv\n" + "".join(
        f"conv{i} = GCNConv(8, 8)\n" for i in range(5)) + "def f(x, e):\n" + "".join(
        f"    x = conv{i}(x, e)\n" for i in range(5)) + "    return x\n"
    [finding] = lint(source, DeepPropagationStack)
    assert finding.line == 8
    assert "5 message-passing layers" in finding.message and "`conv0` (line 8)" in finding.message \
        and "`conv4` (line 12)" in finding.message and "28.7%" in finding.message


def test_names_are_resolved_through_imports_not_spelling():
    source = """
        from torch import nn

        class GCNConv(nn.Module):
            def forward(self, x, edge_index):
                return x

        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.convs = nn.ModuleList([GCNConv() for _ in range(8)])

            def forward(self, x, edge_index):
                for conv in self.convs:
                    x = conv(x, edge_index)
                return x
    """
    assert lines(source, DeepPropagationStack) == []
    aliased = """
        import torch_geometric.nn as pyg

        def f(x, e):
            for _ in range(5):
                x = pyg.GATConv(8, 8)(x, e)
            return x
    """
    assert lines(aliased, DeepPropagationStack) == [6]


def test_keras_sequential_of_spektral_convs_and_add_built():
    source = """
        import tensorflow as tf
        from spektral.layers import GCNConv

        model = tf.keras.Sequential([GCNConv(32, activation="relu") for _ in range(3)])
        deep = tf.keras.Sequential()
        for _ in range(2):
            deep.add(GCNConv(32))
        listed = tf.keras.Sequential([
            GCNConv(32), GCNConv(32), tf.keras.layers.Dropout(0.5), GCNConv(32), GCNConv(32), GCNConv(32),
        ])
        normed = tf.keras.Sequential([
            GCNConv(32), GCNConv(32), tf.keras.layers.BatchNormalization(), GCNConv(32), GCNConv(32), GCNConv(32),
        ])
    """
    assert lines(source, DeepPropagationStack) == [10]


def test_dgl_convs_count():
    source = """
        import dgl.nn as dglnn
        from torch import nn

        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.layers = nn.ModuleList([dglnn.GraphConv(16, 16, activation=nn.ReLU()) for _ in range(6)])

            def forward(self, g, h):
                for layer in self.layers:
                    h = layer(g, h)
                return h
    """
    assert lines(source, DeepPropagationStack) == [12]


# -- GNN602 ---------------------------------------------------------------------------------------

def test_lightning_self_call_reaches_cross_entropy():
    source = """
        import torch.nn.functional as F
        import pytorch_lightning as pl
        from torch_geometric.nn import GCNConv

        class Model(pl.LightningModule):
            def __init__(self):
                super().__init__()
                self.conv = GCNConv(16, 7)

            def forward(self, x, edge_index):
                return F.elu(self.conv(x, edge_index))

            def training_step(self, batch, batch_idx):
                out = self(batch.x, batch.edge_index)
                return F.cross_entropy(out[batch.train_mask], batch.y[batch.train_mask])
    """
    [finding] = lint(source, ActivationOnOutput)
    assert finding.line == 12 and "ELU" in finding.message and "F.cross_entropy" in finding.message \
        and "raw logits" in finding.message and "line 16" in finding.message


def test_no_loss_in_sight_stays_quiet():
    source = """
        import torch.nn.functional as F
        from torch import nn

        class Encoder(nn.Module):
            def __init__(self):
                super().__init__()
                self.lin = nn.Linear(4, 4)

            def forward(self, x):
                return F.relu(self.lin(x))

        model = Encoder()
    """
    assert lines(source, ActivationOnOutput) == []


@pytest.mark.parametrize(("body", "expected"), [
    ("x = F.relu(lin(x))", [12]),  # the last pass applies the ReLU to the last layer's output
    ("x = lin(x)\n                    if x.size(-1) > 1:\n                        x = F.relu(x)", []),
])
def test_output_set_in_a_loop_is_judged_by_the_loops_last_pass(body, expected):
    source = f"""
        import torch.nn.functional as F
        from torch import nn

        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.lins = nn.ModuleList([nn.Linear(4, 4) for _ in range(3)])

            def forward(self, x):
                for lin in self.lins:
                    {body}
                return x

        model = Net()
        loss = F.mse_loss(model(1), 2)
    """
    assert lines(source, ActivationOnOutput) == expected


def test_keras_subclass_and_tf_logits_loss():
    source = """
        import tensorflow as tf

        class Net(tf.keras.Model):
            def __init__(self):
                super().__init__()
                self.d1 = tf.keras.layers.Dense(64, activation="relu")
                self.d2 = tf.keras.layers.Dense(10)

            def call(self, x):
                return tf.nn.relu(self.d2(self.d1(x)))

        model = Net()

        def step(x, y):
            logits = model(x)
            return tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits)
    """
    assert lines(source, ActivationOnOutput) == [11]


def test_keras_crossentropy_without_logits_is_not_this_rule():
    source = """
        from tensorflow import keras

        model = keras.Sequential([keras.layers.Dense(10, activation="relu")])
        model.compile(loss=keras.losses.CategoricalCrossentropy())
        other = keras.Sequential([keras.layers.Dense(1, activation="relu")])
        other.compile(loss=keras.losses.MeanSquaredError())
    """
    assert lines(source, ActivationOnOutput) == [6]


# -- GNN601 ---------------------------------------------------------------------------------------

def test_info_rule_is_off_by_default():
    assert SaturatingHiddenActivation.severity == "info"
    assert not SaturatingHiddenActivation.enabled_by_default()
    assert ActivationOnOutput.enabled_by_default() and DeepPropagationStack.enabled_by_default()


def test_tanh_in_a_literal_length_loop_is_hidden_but_unknown_length_is_not_judged():
    known = """
        import torch
        from torch import nn
        from torch_geometric.nn import GCNConv

        class Net(nn.Module):
            def __init__(self, c, num_layers=3):
                super().__init__()
                self.convs = nn.ModuleList([GCNConv(c, c) for _ in range(num_layers)])

            def forward(self, x, edge_index):
                for conv in self.convs:
                    x = torch.tanh(conv(x, edge_index))
                return x
    """
    [finding] = lint(known, SaturatingHiddenActivation)
    assert finding.line == 13 and finding.severity == "info" and "feeds `conv`" in finding.message
    assert lines(known.replace("num_layers=3", "num_layers"), SaturatingHiddenActivation) == []


def test_sigmoid_that_only_reaches_an_output_is_not_hidden():
    source = """
        import torch
        from torch import nn

        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.a = nn.Linear(4, 4)
                self.b = nn.Linear(4, 1)

            def forward(self, x):
                h = torch.sigmoid(self.a(x))
                return h.sum(dim=-1) + self.b(x)
    """
    assert lines(source, SaturatingHiddenActivation) == []


def test_activation_module_in_attribute():
    source = """
        from torch import nn

        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.l1 = nn.Linear(4, 4)
                self.l2 = nn.Linear(4, 1)
                self.act = nn.Sigmoid()

            def forward(self, x):
                return self.l2(self.act(self.l1(x)))
    """
    assert lines(source, SaturatingHiddenActivation) == [12]


def test_parallel_branches_are_not_a_stack():
    source = """
        import torch
        from torch import nn
        from torch_geometric.nn import GCNConv

        class MultiView(nn.Module):
            def __init__(self, c):
                super().__init__()
                self.convs = nn.ModuleList([GCNConv(c, c) for _ in range(6)])

            def forward(self, x, edge_indices):
                h1 = self.convs[0](x, edge_indices[0]).relu()
                h2 = self.convs[1](x, edge_indices[1]).relu()
                h3 = self.convs[2](x, edge_indices[2]).relu()
                h4 = self.convs[3](x, edge_indices[3]).relu()
                h5 = self.convs[4](x, edge_indices[4]).relu()
                h6 = self.convs[5](x, edge_indices[5]).relu()
                return h1 + h2 + h3 + h4 + h5 + h6
    """
    assert lines(source, DeepPropagationStack) == []


def test_nested_calls_form_a_stack():
    source = """
        import torch.nn.functional as F
        from torch_geometric.nn import ChebConv

        c1, c2, c3, c4, c5 = (ChebConv(8, 8, K=2) for _ in range(5))

        def forward(x, e):
            return c5(F.relu(c4(F.relu(c3(F.relu(c2(F.dropout(F.relu(c1(x, e)), 0.5), e)), e)), e)), e)
    """
    # Five convolutions unpacked from a generator are not resolved: quiet rather than guessed.
    assert lines(source, DeepPropagationStack) == []
    named = source.replace("c1, c2, c3, c4, c5 = (ChebConv(8, 8, K=2) for _ in range(5))",
                           "c1 = c2 = c3 = c4 = c5 = ChebConv(8, 8, K=2)")
    assert lines(named, DeepPropagationStack) == [8]


def test_relu_head_on_visibly_nonnegative_targets_is_a_choice():
    source = """
        import numpy as np
        from keras import layers, models

        data = np.random.random((100, 1))
        labels = np.where(data > 0.5, 1, 0)
        model = models.Sequential((layers.Dense(1, activation="relu"), layers.Dense(1, activation="relu")))
        model.compile(optimizer="sgd", loss="mae")
        model.fit(data, labels)
        shifted = models.Sequential((layers.Dense(1, activation="relu"),))
        shifted.compile(optimizer="sgd", loss="mae")
        shifted.fit(data, labels - 0.5)
    """
    assert lines(source, ActivationOnOutput) == [10]


# -- GNN502 through the model program -------------------------------------------------------------

SOFTMAX_GCN = """
    import torch.nn.functional as F
    from torch import nn
    from torch_geometric.nn import GCNConv


    class GCN(nn.Module):
        def __init__(self, d_in, n_classes):
            super().__init__()
            self.conv1 = GCNConv(d_in, 16)
            self.conv2 = GCNConv(16, n_classes)

        def forward(self, x, edge_index):
            x = F.relu(self.conv1(x, edge_index))
            return {head}
"""

DDP_TRAINER = """
    import torch
    from torch.nn.parallel import DistributedDataParallel
    from models import GCN


    def run(data, rank):
        model = DistributedDataParallel(GCN(16, 7).to(rank), device_ids=[rank])
        criterion = torch.nn.CrossEntropyLoss()
        out = model(data.x, data.edge_index)
        loss = criterion(out[data.train_mask], data.y[data.train_mask])
        loss.backward()
"""


@pytest.mark.parametrize(("head", "expected"), [("F.softmax(self.conv2(x, edge_index), dim=1)", [10]),
                                                ("self.conv2(x, edge_index)", [])])
def test_probabilities_from_a_model_class_of_another_module_reach_cross_entropy(
        tmp_path, head: str, expected: list[int]) -> None:
    """The trainer builds the model from the package (re-exported by `models/__init__.py`), wraps it
    for data parallelism and feeds a row selection of its output to CrossEntropyLoss: the finding is
    at the loss and names the softmax in `models/gcn.py`; a raw head is clean."""
    from gnnlint.api import lint_paths

    files = {"models/__init__.py": "from .gcn import GCN\n", "models/gcn.py": SOFTMAX_GCN.format(head=head),
             "train.py": DDP_TRAINER}
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    found = [d for d in lint_paths([tmp_path / "train.py"]) if d.code == "GNN502"]
    assert [d.line for d in found] == expected
    if expected:
        assert "line 14 of `models/gcn.py`" in found[0].message


# -- the tri-state of a model's output -------------------------------------------------------------

def _output_states(source: str) -> dict[str, str]:
    """What the model index concludes about each class's output: activation / none / unknown."""
    import libcst as cst
    from gnnlint.analysis.models import ANY_ACTIVATION, class_resolution, model_index, output_state
    from gnnlint.rule import Rule

    found: dict[str, str] = {}

    class _States(Rule):
        code = "TST004"
        name = "probe-output-states"
        message = "-"

        def visit_Module(self, node: cst.Module) -> None:
            """Everything happens in finish()."""

        def finish(self) -> None:
            index = model_index(self)
            for name, cls in index.classes.items():
                if cls is not None and cls.forward is not None:
                    found[name] = output_state(class_resolution(index, cls, acts=ANY_ACTIVATION))

    lint_with(textwrap.dedent(source), [_States])
    return found


def test_a_model_output_is_an_activation_provably_none_or_unknown() -> None:
    states = _output_states("""
        import torch
        import torch.nn.functional as F
        from torch import nn
        from torch_geometric.nn import GCNConv

        class Head(nn.Module):  # ends in a linear layer: provably no activation
            def __init__(self, c):
                super().__init__()
                self.conv = GCNConv(c, c)
                self.out = nn.Linear(c, 2)

            def forward(self, x, edge_index):
                h = F.relu(self.conv(x, edge_index))
                return self.out(h)

        class Squashed(nn.Module):  # ends in a sigmoid: an activation
            def __init__(self, c):
                super().__init__()
                self.out = nn.Linear(c, 1)

            def forward(self, x):
                return torch.sigmoid(self.out(x))

        class Mixed(nn.Module):  # one arm linear, the other from an unknown helper: not known
            def __init__(self, c, helper):
                super().__init__()
                self.out = nn.Linear(c, 1)
                self.helper = helper

            def forward(self, x):
                if x.dim() > 2:
                    return self.helper(x)
                return self.out(x)

        class Stack(nn.Module):  # a container whose last element is a linear layer
            def __init__(self, c):
                super().__init__()
                self.mlp = nn.Sequential(nn.Linear(c, c), nn.ReLU(), nn.Linear(c, 3))

            def forward(self, x):
                return self.mlp(x)
    """)
    assert states == {"Head": "none", "Squashed": "activation", "Mixed": "unknown", "Stack": "none"}


def test_a_sequential_unpacked_from_a_list_ends_in_the_layer_put_in_last() -> None:
    states = _output_states("""
        from torch import nn

        class Head(nn.Module):  # hidden layers appended in a loop, then a linear read-out
            def __init__(self, c, n):
                super().__init__()
                layers = []
                for _ in range(n):
                    layers += [nn.Linear(c, c), nn.ReLU()]
                layers.append(nn.Linear(c, 2))
                self.mlp = nn.Sequential(*layers)

            def forward(self, x):
                return self.mlp(x)

        class Rectified(nn.Module):  # every pass ends in a ReLU: so does the container
            def __init__(self, c, n):
                super().__init__()
                layers = []
                for _ in range(n):
                    layers.append(nn.Linear(c, c))
                    layers.append(nn.ReLU())
                self.mlp = nn.Sequential(*layers)

            def forward(self, x):
                return self.mlp(x)

        class Optional(nn.Module):  # the last layer depends on a flag: not known
            def __init__(self, c, final):
                super().__init__()
                layers = [nn.Linear(c, c)]
                if final:
                    layers.append(nn.ReLU())
                self.mlp = nn.Sequential(*layers)

            def forward(self, x):
                return self.mlp(x)
    """)
    assert states == {"Head": "none", "Rectified": "activation", "Optional": "unknown"}


_CHANGED_HEAD = """
    import torch.nn as nn

    def head(d, act=nn.ReLU):
        return nn.Sequential(nn.Linear(d, 64), act(), nn.Linear(64, 1), act())

    class Regressor(nn.Module):
        def __init__(self, d):
            super().__init__()
            self.h = {built}
            self.g = nn.Sequential(nn.Linear(d, d))
            {change}

        def forward(self, x):
            return self.h(x)

    def train(x, y):
        nn.MSELoss()(Regressor(8)(x), y).backward()
"""


@pytest.mark.parametrize("built", ["head(d)", "nn.Sequential(nn.Linear(d, 64), nn.ReLU(), nn.Linear(64, 1), nn.ReLU())"])
@pytest.mark.parametrize("change, flagged", [
    ("self.h[-1] = nn.Identity()", False), ("del self.h[-1]", False), ("self.h.pop(-1)", False),
    ("self.h[0], self.h[-1] = nn.Identity(), nn.Identity()", False),
    ("self.g[-1] = nn.Identity()", True), ("pass", True)])
def test_a_container_changed_after_it_is_built_is_not_known(built, change, flagged):
    source = _CHANGED_HEAD.format(built=built, change=change)
    assert len(lint(source, ActivationOnOutput)) == int(flagged)


SQUASHING_LAYER = """
    import torch
    from torch import nn

    class SquashedConv(nn.Module):
        def __init__(self, nin, nout):
            super().__init__()
            self.lin = nn.Linear(nin, nout)

        def forward(self, x, adj):
            h = torch.spmm(adj, self.lin(x))
            return torch.tanh(h)
"""

STACKING_MODEL = """
    from torch import nn
    from {module} import SquashedConv

    class Encoder(nn.Module):
        def __init__(self, nin, nhid):
            super().__init__()
            self.first = SquashedConv(nin, nhid)
            self.second = SquashedConv(nin, nhid)

        def forward(self, x, adj):
            {body}
"""


@pytest.mark.parametrize(("module", "body", "expected"), [
    ("layers", "return self.second(self.first(x, adj), adj)", [11]),
    ("models.layers", "return self.second(self.first(x, adj), adj)", [11]),
    # two instances side by side, each output returned: no instance feeds another
    ("layers", "return self.first(x, adj) + self.second(x, adj)", []),
])
def test_layer_class_ending_in_tanh_stacked_by_another_module(tmp_path, module: str, body: str,
                                                              expected: list[int]) -> None:
    """A layer class whose ``forward`` ends in tanh, stacked by a model of another module (one
    instance feeding the next): the finding is at the tanh and names the importer's line."""
    from gnnlint.api import lint_paths

    home = tmp_path / (module.replace(".", "/") + ".py")
    home.parent.mkdir(parents=True, exist_ok=True)
    if home.parent != tmp_path:
        (home.parent / "__init__.py").write_text("", encoding="utf-8")
    home.write_text(textwrap.dedent(SQUASHING_LAYER).lstrip(), encoding="utf-8")
    (tmp_path / "model.py").write_text(textwrap.dedent(STACKING_MODEL.format(module=module, body=body)).lstrip(),
                                       encoding="utf-8")
    found = [d for d in lint_paths([home], LintSettings((SaturatingHiddenActivation,))) if d.code == "GNN601"]
    assert [d.line for d in found] == expected
    if expected:
        assert "line 11 of `" in found[0].message and "model.py" in found[0].message


@pytest.mark.parametrize(("container", "expected"), [
    ("nn.Sequential(SquashedConv(4, 8), nn.Linear(8, 2))", [11]),
    # the instance is the container's last layer: its tanh is the output, not a hidden activation
    ("nn.Sequential(nn.Linear(4, 4), SquashedConv(4, 2))", []),
])
def test_layer_class_ending_in_tanh_in_another_modules_container(tmp_path, container: str,
                                                                 expected: list[int]) -> None:
    """The same summary where the importer puts an instance in a Sequential before another layer."""
    from gnnlint.api import lint_paths

    (tmp_path / "layers.py").write_text(textwrap.dedent(SQUASHING_LAYER).lstrip(), encoding="utf-8")
    (tmp_path / "model.py").write_text(f"from torch import nn\nfrom layers import SquashedConv\n\nnet = {container}\n",
                                       encoding="utf-8")
    found = [d for d in lint_paths([tmp_path / "layers.py"], LintSettings((SaturatingHiddenActivation,)))]
    assert [d.line for d in found] == expected
    if expected:
        assert "line 4 of `model.py`" in found[0].message


_ONE_INSTANCE_LAST = '''\
from torch import nn
from layers import SquashedConv


class Head(nn.Module):
    def __init__(self, nin, nhid):
        super().__init__()
        self.lin = nn.Linear(nin, nhid)
        self.out = SquashedConv(nhid, 2)

    def forward(self, x, adj):
        return self.out(self.lin(x), adj)
'''


@pytest.mark.parametrize(("stacker", "stackers", "expected"), [
    ("a_stack", 1, [11]),
    ("z_stack", 1, [11]),  # the file's name does not decide whether it is read
    ("z_stack", 9, []),  # more stacking importers than the bound: quiet, whichever they are
])
def test_importers_of_a_layer_class_past_the_bound(tmp_path, stacker: str, stackers: int,
                                                    expected: list[int]) -> None:
    """Past the bound on importers read, those constructing the class once (its instance last, no
    stack) give way to those constructing it as a stack does; too many of those, and the rule
    stays quiet rather than read the first ones by name."""
    from gnnlint.api import lint_paths

    (tmp_path / "layers.py").write_text(textwrap.dedent(SQUASHING_LAYER).lstrip(), encoding="utf-8")
    for number in range(9):
        (tmp_path / f"m_user{number}.py").write_text(_ONE_INSTANCE_LAST, encoding="utf-8")
    model = textwrap.dedent(STACKING_MODEL.format(module="layers", body="return self.second(self.first(x, adj), adj)"))
    for number in range(stackers):
        (tmp_path / f"{stacker}{number}.py").write_text(model.lstrip(), encoding="utf-8")
    found = [d for d in lint_paths([tmp_path / "layers.py"], LintSettings((SaturatingHiddenActivation,)))]
    assert [d.line for d in found] == expected


# -- GNN602 across the project: the script hands the model to a trainer module --------------------

RECTIFIED_REGRESSOR = """
    import torch
    import torch.nn.functional as F
    from torch_geometric.nn import GCNConv


    class Net(torch.nn.Module):
        def __init__(self, d_in):
            super().__init__()
            self.conv1 = GCNConv(d_in, 32)
            self.conv2 = GCNConv(32, 1)

        def forward(self, data):
            h = F.elu(self.conv1(data.x, data.edge_index))
            return {head}
"""

TRAIN_MODULE = """
    import torch
    import torch.nn.functional as F


    def train(model, data):
        optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
        for _ in range(100):
            optimizer.zero_grad()
            loss = F.mse_loss(model(data), data.y)
            loss.backward()
            optimizer.step()
"""

SCRIPT = """
    import torch
    from models import Net
    from training import train

    data = torch.load("graph.pt")
    train(Net(data.num_features), data)
"""


@pytest.mark.parametrize(("head", "expected"), [("F.leaky_relu(self.conv2(h, data.edge_index))", [14]),
                                                ("self.conv2(h, data.edge_index)", [])])
def test_a_model_the_script_hands_to_a_training_module(tmp_path, head: str, expected: list[int]) -> None:
    """Three modules: the model class, a `train(model, data)` with a regression loss, and the script
    that imports both and hands one to the other: the loss judges the model's output."""
    from gnnlint.api import lint_paths

    files = {"models.py": RECTIFIED_REGRESSOR.format(head=head), "training.py": TRAIN_MODULE, "main.py": SCRIPT}
    for name, text in files.items():
        (tmp_path / name).write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    found = [d for d in lint_paths([tmp_path / "models.py"]) if d.code == "GNN602"]
    assert [d.line for d in found] == expected
    if expected:
        assert "`training.py`" in found[0].message


ENGINE = """
    import torch
    from torch import nn
    from models import Net


    class Engine:
        def __init__(self, model, objective):
            self.model = model
            self.objective = objective

        def step(self, data):
            loss = self.objective(self.model(data), data.y)
            loss.backward()


    Engine(Net(8), {loss}).step(torch.load("graph.pt"))
"""


@pytest.mark.parametrize(("loss", "expected"), [("nn.MSELoss()", [14]), ("nn.BCELoss()", [])])
def test_a_loss_handed_to_the_trainer_constructor(tmp_path, loss: str, expected: list[int]) -> None:
    """The trainer stores the loss it is constructed with: a regression loss handed over judges the
    ReLU head; a loss on probabilities is no regression."""
    from gnnlint.api import lint_paths

    files = {"models.py": RECTIFIED_REGRESSOR.format(head="F.relu(self.conv2(h, data.edge_index))"),
             "engine.py": ENGINE.format(loss=loss)}
    for name, text in files.items():
        (tmp_path / name).write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    found = [d for d in lint_paths([tmp_path / "models.py"]) if d.code == "GNN602"]
    assert [d.line for d in found] == expected


SOFTMAX_CLASSIFIER = """
    import torch
    from torch import nn
    from torch_geometric.nn import GCNConv


    class Classifier(nn.Module):
        def __init__(self, d_in, n_cls):
            super().__init__()
            self.conv = GCNConv(d_in, n_cls)
            self.squash = nn.Softmax(dim=-1)

        def forward(self, x, edge_index):
            return self.squash(self.conv(x, edge_index))
"""

TRAINER = """
    import torch
    from torch import nn
    from model import Classifier


    class Trainer:
        def __init__(self, model, objective):
            self.model = model
            self.objective = objective

        def step(self, data):
            out = self.model(data.x, data.edge_index)
            loss = self.objective(out[data.train_mask], data.y[data.train_mask])
            loss.backward()


    objective = {loss}
    Trainer(Classifier(8, 3), objective).step(torch.load("graph.pt"))
"""


@pytest.mark.parametrize(("loss", "expected"), [("nn.CrossEntropyLoss()", [13]), ("nn.MSELoss()", [])])
def test_a_criterion_handed_to_the_trainer_constructor(tmp_path, loss: str, expected: list[int]) -> None:
    """The trainer stores the criterion it is built with (through a module-level name): handed
    CrossEntropyLoss, the softmax of the model class in `model.py` is applied twice."""
    from gnnlint.api import lint_paths

    files = {"model.py": SOFTMAX_CLASSIFIER, "trainer.py": TRAINER.format(loss=loss)}
    for name, text in files.items():
        (tmp_path / name).write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    found = [d for d in lint_paths([tmp_path / "trainer.py"]) if d.code == "GNN502"]
    assert [d.line for d in found] == expected


DEEP_MODEL_MODULE = """
import torch.nn as nn
import torch.nn.functional as F
from torch_geometric.nn import GCNConv


class Net(nn.Module):
    def __init__(self, nin, nhid, nout, n_layers):
        super().__init__()
        self.convs = nn.ModuleList([GCNConv(nin, nhid)])
        for _ in range(n_layers - 2):
            self.convs.append(GCNConv(nhid, nhid))
        self.convs.append(GCNConv(nhid, nout))

    def forward(self, x, edge_index):
        for conv in self.convs[:-1]:
            x = F.relu({step})
        return self.convs[-1](x, edge_index)
"""

DEEP_MODEL_SCRIPT = """
import argparse
from models import Net

parser = argparse.ArgumentParser()
parser.add_argument("--n_layers", type=int, default={layers})
args = parser.parse_args()
model = Net(1433, 64, 7, args.n_layers)
"""


@pytest.mark.parametrize(("layers", "step", "expected"), [
    (64, "conv(x, edge_index)", [16]),
    (3, "conv(x, edge_index)", []),  # a shallow stack
    (64, "x + conv(x, edge_index)", []),  # residual connections
])
def test_depth_given_by_the_module_that_builds_the_model(tmp_path, layers: int, step: str,
                                                         expected: list[int]) -> None:
    """A class whose depth is a constructor argument, built in another module with the default of
    its command line: the finding is in the class's module and names the importer's line."""
    from gnnlint.api import lint_paths

    (tmp_path / "models.py").write_text(textwrap.dedent(DEEP_MODEL_MODULE.format(step=step)).lstrip(),
                                        encoding="utf-8")
    (tmp_path / "train.py").write_text(textwrap.dedent(DEEP_MODEL_SCRIPT.format(layers=layers)).lstrip(),
                                       encoding="utf-8")
    found = [d for d in lint_paths([tmp_path / "models.py"], LintSettings((DeepPropagationStack,)))]
    assert [d.line for d in found] == expected
    if expected:
        assert "built in train.py on line 7" in found[0].message


PROJECT_SUBLAYER = """
    import torch
    from torch import nn
    from blocks import {block}

    class SquashedBlock(nn.Module):
        def __init__(self, d):
            super().__init__()
            self.inner = {block}(d)

        def forward(self, x, adj):
            h = self.inner(x)
            return torch.tanh(h)

    class Stack(nn.Module):
        def __init__(self, d):
            super().__init__()
            self.first = SquashedBlock(d)
            self.second = SquashedBlock(d)

        def forward(self, x, adj):
            return self.second(self.first(x, adj), adj)
"""
BLOCKS = """
    from torch import nn

    class Mlp(nn.Module):
        def __init__(self, d):
            super().__init__()
            self.lin = nn.Linear(d, d)

        def forward(self, x):
            return self.lin(x)

    def Scale(d):
        return 1.0 / d
"""


@pytest.mark.parametrize(("block", "expected"), [
    ("Mlp", [12]),
    # a factory function of the other module is no module class: what it returns is not known
    ("Scale", []),
])
def test_module_class_of_another_module_is_a_layer(tmp_path, block: str, expected: list[int]) -> None:
    """A layer class whose own layer is an instance of a module class imported from another module
    of the project: the tanh it ends in follows that module's output, a hidden activation when
    the class is stacked."""
    from gnnlint.api import lint_paths

    (tmp_path / "blocks.py").write_text(textwrap.dedent(BLOCKS).lstrip(), encoding="utf-8")
    (tmp_path / "model.py").write_text(textwrap.dedent(PROJECT_SUBLAYER.format(block=block)).lstrip(),
                                       encoding="utf-8")
    found = [d for d in lint_paths([tmp_path / "model.py"], LintSettings((SaturatingHiddenActivation,)))]
    assert [d.line for d in found] == expected
