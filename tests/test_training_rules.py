"""GNN401-GNN404 and GNN505: the rules that judge training steps."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import libcst as cst
import pytest

from gnnlint.engine import LintSettings, lint_source
from gnnlint.rule import Rule
from gnnlint.rules.fp16_loss_scaling import Fp16WithoutLossScaling
from gnnlint.rules.gradient_clipping import MissingGradientClipping, PerTensorClipping, RedundantClipping
from gnnlint.rules.high_learning_rate import HighLearningRate
from gnnlint.rules.positive_uniform_init import PositiveUniformInit
from gnnlint.testing import lint_with

MINE = [MissingGradientClipping, PerTensorClipping, RedundantClipping, HighLearningRate, Fp16WithoutLossScaling]


def found(source: str, rules=MINE) -> set[tuple[int, str, str]]:
    return {(d.line, d.code, d.severity) for d in lint_with(textwrap.dedent(source), rules)}


TORCH_LOOP = """
import torch
{imports}
model = {model}
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)

def train(loader):
    for data in loader:
        optimizer.zero_grad()
        loss = model(data.x, data.edge_index).sum()
        loss.backward()
        {clip}
        optimizer.step()
"""


def torch_loop(model="GCNConv(16, 16)", imports="from torch_geometric.nn import GCNConv", clip="pass"):
    return TORCH_LOOP.format(model=model, imports=imports, clip=clip)


# -- GNN401 ------------------------------------------------------------------------------------


def test_plain_gcn_loop_is_info_at_the_optimizer_step():
    assert found(torch_loop()) == {(13, "GNN401", "info")}


def test_message_names_the_step_and_the_backward():
    (diagnostic,) = lint_with(torch_loop(), [MissingGradientClipping])
    assert "`optimizer.step()`" in diagnostic.message and "`loss.backward()` at line 11" in diagnostic.message


@pytest.mark.parametrize("model, imports", [
    ("GINConv(torch.nn.Linear(16, 16))", "from torch_geometric.nn import GINConv"),
    ("torch.nn.GRU(16, 16)", ""),
    ("GatedGraphConv(16, 3)", "from torch_geometric.nn import GatedGraphConv"),
    # PyG layers whose constructor defaults `aggr` to "add" with no degree normalisation
    ("LEConv(16, 16)", "from torch_geometric.nn import LEConv"),
    ("ResGatedGraphConv(16, 16)", "from torch_geometric.nn import ResGatedGraphConv"),
    ("MFConv(16, 16)", "from torch_geometric.nn import MFConv"),
    ("Conv()\nclass Conv(MessagePassing):\n    def __init__(self):\n        super().__init__(aggr='add')",
     "from torch_geometric.nn import MessagePassing"),
])
def test_recurrent_or_sum_aggregation_makes_it_a_warning(model, imports):
    assert {s for _, c, s in found(torch_loop(model, imports)) if c == "GNN401"} == {"warning"}


@pytest.mark.parametrize("model", ["LEConv(16, 16, aggr='mean')", "MFConv(16, 16, aggr='max')"])
def test_a_sum_layer_told_to_average_stays_info(model):
    source = torch_loop(model, "from torch_geometric.nn import LEConv, MFConv")
    assert {s for _, c, s in found(source) if c == "GNN401"} == {"info"}


def test_hand_written_normalised_gcn_with_aggr_add_stays_info():
    model = ("Conv()\nclass Conv(MessagePassing):\n    def __init__(self):\n        super().__init__(aggr='add')\n"
             "    def forward(self, x, edge_index):\n        deg = degree(edge_index[0])\n        return x")
    imports = "from torch_geometric.nn import MessagePassing\nfrom torch_geometric.utils import degree"
    assert {s for _, c, s in found(torch_loop(model, imports))} == {"info"}


def test_what_a_layer_normalises_by_is_read_from_what_it_computes_not_its_names():
    """A local called `norm` is no normalisation; a degree counted by the library is, however named."""
    named = ("Conv()\nclass Conv(MessagePassing):\n    def __init__(self):\n        super().__init__(aggr='add')\n"
             "    def forward(self, x, edge_index):\n        norm = x.sum()\n        return x * norm")
    assert {s for _, c, s in found(torch_loop(named, "from torch_geometric.nn import MessagePassing"))} == {"warning"}


def test_fp16_makes_it_a_warning():
    amp = torch_loop(clip="scaler = torch.amp.GradScaler()")
    assert (13, "GNN401", "warning") in found(amp)


def test_another_rules_finding_does_not_raise_it():
    """RULES.md: only what GNN401 sees in the trained model and step raises it; a finding of another
    rule (itself perhaps false) must not turn one false positive into two."""
    uniform = torch_loop() + "torch.nn.init.uniform_(model.lin.weight)\n"
    assert {(c, s) for _, c, s in found(uniform, MINE + [PositiveUniformInit])} == {
        ("GNN401", "info"), ("GNN201", "error")}


@pytest.mark.parametrize("model, imports", [
    ("to_hetero(Net(), metadata, aggr='sum')", "from torch_geometric.nn import to_hetero"),
    ("HeteroConv({('a', 'to', 'b'): SAGEConv(-1, 16)}, aggr='sum')",
     "from torch_geometric.nn import HeteroConv, SAGEConv"),
])
def test_summing_relation_types_is_not_sum_aggregation(model, imports):
    """pyg examples/hetero: `aggr="sum"` there adds a few relation types' outputs, not neighbours."""
    assert {s for _, c, s in found(torch_loop(model, imports)) if c == "GNN401"} == {"info"}


def test_a_float16_feature_cache_is_not_float16_training():
    """ogb mag240m/rgnn.py: features stored as a float16 memmap and cast to float32 for the model."""
    source = torch_loop() + "import numpy as np\nx = np.memmap('feat.npy', dtype=np.float16, mode='r')\n"
    assert {s for _, c, s in found(source) if c == "GNN401"} == {"info"}


def test_adam_message_does_not_claim_exploding_steps():
    amp = torch_loop(clip="scaler = torch.amp.GradScaler()")
    message = next(d.message for d in lint_with(amp, MINE) if d.code == "GNN401")
    assert "bounds each update's size" in message and "one exploding step" not in message


def test_info_findings_need_explicit_selection():
    settings = LintSettings(rules=(MissingGradientClipping,), explicit=frozenset())
    assert lint_source(torch_loop(), settings=settings) == []
    settings = LintSettings(rules=(MissingGradientClipping,), explicit=frozenset({"GNN401"}))
    assert len(lint_source(torch_loop(), settings=settings)) == 1


@pytest.mark.parametrize("clip", [
    "torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)",
    "torch.nn.utils.clip_grad_value_(model.parameters(), 0.5)",
    "clip_helper(model)",
    "accelerator.clip_grad_norm_(model.parameters(), 1.0)",
    "[p.grad.data.clamp_(-1, 1) for p in model.parameters()]",
])
def test_clipping_in_the_step_or_a_helper_guards(clip):
    source = torch_loop(clip=clip) + "\ndef clip_helper(m):\n    torch.nn.utils.clip_grad_norm_(m.parameters(), 1)\n"
    assert not {c for _, c, _ in found(source)} & {"GNN401"}


def test_schedulers_closures_and_mask_optimizers_are_not_steps():
    source = """
    import torch
    optimizer = torch.optim.Adam(model.parameters())
    scheduler = torch.optim.lr_scheduler.StepLR(optimizer, 10)
    lbfgs = torch.optim.LBFGS(model.parameters())
    mask = torch.nn.Parameter(torch.zeros(10))
    mask_optimizer = torch.optim.Adam([mask], lr=0.01)

    def closure():
        loss = model(x).sum()
        loss.backward()
        return loss

    def explain():
        loss = (model(x) * mask).sum()
        loss.backward()
        mask_optimizer.step()
        scheduler.step()

    lbfgs.step(closure)
    """
    assert found(source) == set()


def test_tensorflow_tape_step_and_its_guards():
    source = """
    import tensorflow as tf
    plain = tf.keras.optimizers.Adam(1e-3)
    clipped = tf.keras.optimizers.Adam(1e-3, global_clipnorm=1.0)

    def step_a(x):
        with tf.GradientTape() as tape:
            loss = model(x)
        grads = tape.gradient(loss, model.trainable_variables)
        plain.apply_gradients(zip(grads, model.trainable_variables))

    def step_b(x):
        with tf.GradientTape() as tape:
            loss = model(x)
        grads = tape.gradient(loss, model.trainable_variables)
        clipped.apply_gradients(zip(grads, model.trainable_variables))

    def step_c(x):
        with tf.GradientTape() as tape:
            loss = model(x)
        grads = tape.gradient(loss, model.trainable_variables)
        grads, _ = tf.clip_by_global_norm(grads, 1.0)
        plain.apply_gradients(zip(grads, model.trainable_variables))
    """
    assert found(source) == {(10, "GNN401", "info")}


def test_keras_compile_and_train_step_override():
    source = """
    import tensorflow as tf

    class GNN(tf.keras.Model):
        def train_step(self, data):
            with tf.GradientTape() as tape:
                loss = self.compiled_loss(data[1], self(data[0]))
            grads = tape.gradient(loss, self.trainable_variables)
            self.optimizer.apply_gradients(zip(grads, self.trainable_variables))
            return {"loss": loss}

    model = GNN()
    model.compile(optimizer="adam", loss="mse")
    model.compile(optimizer=tf.keras.optimizers.Adam(clipvalue=1.0), loss="mse")
    model.compile(optimizer=make_optimizer(), loss="mse")
    """
    assert found(source) == {(13, "GNN401", "info")}


def test_lightning_trainer():
    source = """
    import pytorch_lightning as pl
    a = pl.Trainer(max_epochs=10)
    b = pl.Trainer(max_epochs=10, gradient_clip_val=0.5)
    c = pl.Trainer(**config)
    d = pl.Trainer(gradient_clip_val=None)
    for trainer in (a, b, c, d):
        trainer.fit(model)
    """
    assert found(source) == {(3, "GNN401", "info"), (6, "GNN401", "info")}
    hook = source + "class M(pl.LightningModule):\n    def configure_gradient_clipping(self, o, v=None, a=None):\n" \
                    "        self.clip_gradients(o, gradient_clip_val=1.0)\n"
    assert found(hook) == set()


def test_a_trainer_that_only_tests_takes_no_training_step():
    """ogb mag240m/rgnn.py: a Trainer made to evaluate a checkpoint, `trainer.test()` only."""
    source = """
    import pytorch_lightning as pl
    trainer = pl.Trainer(max_epochs=10)
    trainer.fit(model, datamodule)
    trainer = pl.Trainer(resume_from_checkpoint=ckpt)
    trainer.test(model, datamodule)
    """
    assert found(source) == {(3, "GNN401", "info")}


def test_one_report_per_step_and_amp_scaler_step():
    source = """
    import torch
    optimizer = torch.optim.Adam(model.parameters())
    scaler = torch.amp.GradScaler()
    for x in loader:
        with torch.autocast("cuda", dtype=torch.float16):
            loss = model(x).sum()
        scaler.scale(loss).backward()
        scaler.step(optimizer)
        scaler.update()
        scaler.step(optimizer)
    """
    assert found(source) == {(9, "GNN401", "warning")}


# -- GNN402 / GNN403 -----------------------------------------------------------------------------


def test_per_tensor_clipping_tf_and_torch():
    source = """
    import tensorflow as tf
    import torch

    def tf_step(x):
        with tf.GradientTape() as tape:
            loss = model(x)
        grads = tape.gradient(loss, model.trainable_variables)
        grads = [tf.clip_by_norm(g, 1.0) for g in grads]
        opt.apply_gradients(zip(grads, model.trainable_variables))

    def torch_step():
        loss.backward()
        for name, p in model.named_parameters():
            torch.nn.utils.clip_grad_norm_(p, 1.0)
        optimizer.step()

    probabilities = [tf.clip_by_value(p, 1e-7, 1.0) for p in predictions]
    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    """
    assert {(line, code) for line, code, _ in found(source) if code == "GNN402"} == {(9, "GNN402"), (15, "GNN402")}


def test_global_norm_in_the_same_step_excuses_per_tensor_clipping():
    source = """
    import tensorflow as tf
    def step(x):
        with tf.GradientTape() as tape:
            loss = model(x)
        grads = tape.gradient(loss, model.trainable_variables)
        grads, _ = tf.clip_by_global_norm(grads, 5.0)
        grads = [tf.clip_by_norm(g, 1.0) for g in grads]
        opt.apply_gradients(zip(grads, model.trainable_variables))
    """
    assert not any(code == "GNN402" for _, code, _ in found(source))


def test_redundant_clipping_reported_once_at_the_optimizer():
    source = """
    import tensorflow as tf
    optimizer = tf.keras.optimizers.Adam(clipnorm=1.0)

    def step(x):
        with tf.GradientTape() as tape:
            loss = model(x)
        grads = tape.gradient(loss, model.trainable_variables)
        grads, _ = tf.clip_by_global_norm(grads, 1.0)
        optimizer.apply_gradients(zip(grads, model.trainable_variables))
        optimizer.apply_gradients(zip(grads, model.trainable_variables))
    """
    assert found(source) == {(3, "GNN403", "info")}


# -- GNN404 ------------------------------------------------------------------------------------


@pytest.mark.parametrize("call, flagged", [
    ("torch.optim.Adam(params, lr=0.1)", True),
    ("torch.optim.Adam(params, lr=0.09)", False),
    ("torch.optim.SGD(params, lr=0.5)", False),
    ("torch.optim.SGD(params, 1.0)", True),
    ("torch.optim.Adagrad(params, lr=0.2)", True),
    ("torch.optim.NAdam(params, lr=0.3)", True),
    ("torch.optim.Adadelta(params, lr=1.0)", False),
    ("tf.keras.optimizers.Adam(learning_rate=0.5)", True),
    ("tf.keras.optimizers.Nadam(0.2)", True),
    ("keras.optimizers.SGD(learning_rate=2.0)", True),
    ("tf.keras.optimizers.Adam(lr=0.5)", True),
    ("tf.keras.optimizers.Adam()", False),
    ("tf.keras.optimizers.Adam(tf.keras.optimizers.schedules.ExponentialDecay(1e-3, 100, 0.9))", False),
    ("tf.keras.optimizers.Adam(tf.keras.optimizers.schedules.PiecewiseConstantDecay([10], [0.5, 0.1]))", True),
    ("tf.keras.optimizers.Adam(args.lr)", False),
])
def test_high_learning_rate(call, flagged):
    source = f"import torch\nimport keras\nimport tensorflow as tf\nopt = {call}\n"
    assert bool(found(source, [HighLearningRate])) is flagged


def test_one_cycle_peak_replaces_the_optimizer_rate():
    source = """
    import torch
    from torch.optim.lr_scheduler import OneCycleLR, LambdaLR
    a = torch.optim.Adam(params, lr=0.5)
    s1 = OneCycleLR(a, max_lr=0.01, total_steps=10)
    b = torch.optim.Adam(params, lr=1e-3)
    s2 = OneCycleLR(b, max_lr=0.3, total_steps=10)
    c = torch.optim.Adam(params, lr=0.5)
    s3 = LambdaLR(c, lambda step: 0.01)
    """
    assert found(source, [HighLearningRate]) == {(7, "GNN404", "warning")}


# -- GNN505 ------------------------------------------------------------------------------------


def test_autocast_without_scaler():
    source = """
    import torch
    for x in loader:
        with torch.autocast("cuda", dtype=torch.float16):
            loss = model(x).sum()
        with torch.cuda.amp.autocast():
            pass
        with torch.autocast(device_type="cuda"):
            pass
        with torch.autocast("cuda", dtype=torch.bfloat16):
            pass
        with torch.autocast("cpu"):
            pass
        with torch.autocast(device.type):
            pass
        with torch.autocast("cuda", dtype=torch.float16, enabled=False):
            pass
        loss.backward()
    """
    assert {(line, code) for line, code, _ in found(source, [Fp16WithoutLossScaling])} == {
        (4, "GNN505"), (6, "GNN505"), (8, "GNN505")}
    assert found(source.replace("import torch", "import torch\nscaler = torch.amp.GradScaler()"),
                 [Fp16WithoutLossScaling]) == set()
    assert found(source.replace("loss.backward()", "pass"), [Fp16WithoutLossScaling]) == set()


def test_half_model_and_adam_eps():
    source = """
    import torch
    model = build()
    model.half()
    x = x.half()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    safe = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-4)
    loss = model(x).sum()
    loss.backward()
    """
    assert found(source, [Fp16WithoutLossScaling]) == {(4, "GNN505", "error"), (6, "GNN505", "error")}


def test_keras_policy_with_custom_loop():
    source = """
    import tensorflow as tf
    tf.keras.mixed_precision.set_global_policy("mixed_float16")
    optimizer = tf.keras.optimizers.Adam()

    def step(x):
        with tf.GradientTape() as tape:
            loss = model(x)
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables))
    """
    assert (3, "GNN505", "error") in found(source)
    scaled = source.replace("tf.keras.optimizers.Adam()", "tf.keras.mixed_precision.LossScaleOptimizer(tf.keras.optimizers.Adam())")
    assert not any(code == "GNN505" for _, code, _ in found(scaled))
    fit_only = 'import tensorflow as tf\ntf.keras.mixed_precision.set_global_policy("mixed_float16")\nmodel.fit(ds)\n'
    assert found(fit_only) == set()
    bf16 = source.replace('"mixed_float16"', '"mixed_bfloat16"')
    assert not any(code == "GNN505" for _, code, _ in found(bf16))


def test_per_tensor_clipping_in_a_helper_of_the_step_but_not_in_an_optimizer_implementation():
    source = """
    import tensorflow as tf

    def clip(grads):
        return [tf.clip_by_norm(g, 1.0) for g in grads]

    def step(x):
        with tf.GradientTape() as tape:
            loss = model(x)
        grads = clip(tape.gradient(loss, model.trainable_variables))
        opt.apply_gradients(zip(grads, model.trainable_variables))

    class MyOptimizer:
        def _clip_gradients(self, grads):
            return [tf.clip_by_norm(g, self.clipnorm) for g in grads]
    """
    assert {(line, code) for line, code, _ in found(source) if code == "GNN402"} == {(5, "GNN402")}


HAND_WRITTEN_AND_MASKS = """
    import tensorflow as tf
    optimizer = tf.keras.optimizers.Adam(0.01)
    params = [w_hidden, b_hidden]

    def train(x):
        with tf.GradientTape() as tape:
            loss = tf.reduce_sum(tf.matmul(x, w_hidden) + b_hidden)
        grads = tape.gradient(loss, params)
        optimizer.apply_gradients(zip(grads, params))

    def explain(x, adj):
        with tf.GradientTape() as tape:
            loss = model([x * tf.sigmoid(x_mask), adj * tf.sigmoid(a_mask)])
        grads = tape.gradient(loss, [a_mask, x_mask])
        optimizer.apply_gradients(zip(grads, [a_mask, x_mask]))
"""


@pytest.mark.parametrize("names", [{}, {"w_hidden": "x_mask", "x_mask": "w_hidden", "b_hidden": "a_mask",
                                        "a_mask": "b_hidden"}])
def test_hand_written_weights_in_a_list_are_a_network_but_masks_are_not(names):
    """Told by use, whatever the tensors are called: weights are multiplied into the input as
    matrices, masks scale the input and the graph entry by entry."""
    source = re.sub("|".join(names) or "$^", lambda m: names[m.group(0)], HAND_WRITTEN_AND_MASKS)
    assert found(source) == {(10, "GNN401", "info")}


def test_a_perturbation_in_the_shape_of_the_input_is_not_a_network():
    source = """
    import torch
    def attack(model, x, y):
        delta = torch.zeros_like(x).requires_grad_()
        opt = torch.optim.SGD([delta], lr=0.1)
        for _ in range(10):
            loss = -torch.nn.functional.cross_entropy(model(x + delta), y)
            loss.backward()
            opt.step()
    """
    assert found(source) == set()


def test_an_optimizer_compiled_and_used_in_a_custom_loop_is_reported_once():
    source = """
    import tensorflow as tf
    optimizer = tf.keras.optimizers.Adam(1e-3)
    model.compile(optimizer=optimizer, loss="mse")

    def step(x):
        with tf.GradientTape() as tape:
            loss = model(x)
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables))
    """
    assert found(source) == {(10, "GNN401", "info")}


def test_an_unselected_info_finding_costs_no_position_pass(monkeypatch):
    """Positions are a code-generation pass over the file; GNN401's info findings are hidden
    unless selected, so building their messages (which quote line numbers) would be wasted work."""
    import gnnlint.engine as engine

    calls = []
    real = engine.Positions
    monkeypatch.setattr(engine, "Positions", lambda module, source: calls.append(module) or real(module, source))
    hidden = LintSettings(rules=(MissingGradientClipping,), explicit=frozenset())
    assert lint_source(torch_loop(), settings=hidden) == [] and calls == []
    shown = LintSettings(rules=(MissingGradientClipping,), explicit=frozenset({"GNN401"}))
    assert len(lint_source(torch_loop(), settings=shown)) == 1 and calls


# -- models imported from the project's own modules --------------------------------------------

PROJECT_SCRIPT = """
import argparse

import torch
{imports}

parser = argparse.ArgumentParser()
parser.add_argument("--layers", type=int, default={layers})
args = parser.parse_args()
model = {model}
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)


def train(features, adj, labels):
    optimizer.zero_grad()
    loss = torch.nn.functional.cross_entropy(model(features, adj), labels)
    loss.backward()
    optimizer.step()
"""

PROJECT_MODEL = """
import torch
import torch.nn as nn
from torch_geometric.nn import GINConv


class Hop(nn.Module):
    def __init__(self, width):
        super().__init__()
        self.weight = nn.Parameter(torch.empty(width, width))
        nn.init.xavier_uniform_(self.weight)

    def forward(self, h, adj):
        return torch.spmm(adj, h) @ self.weight


class Deep(nn.Module):
    def __init__(self, width, layers):
        super().__init__()
        self.hops = nn.ModuleList([])
        for _ in range(layers):
            self.hops.append(Hop(width))


class Summing(nn.Module):
    def __init__(self, width):
        super().__init__()
        self.conv = GINConv(nn.Linear(width, width))


class Recurrent(nn.Module):
    def __init__(self, width):
        super().__init__()
        self.cell = nn.LSTMCell(width, width)


class Wrapper(nn.Module):
    def __init__(self, encoder, width):
        super().__init__()
        self.encoder = encoder
        self.head = nn.Linear(width, 1)


def build(kind, width):
    if kind == "sum":
        model = Summing(width)
    else:
        model = nn.Linear(width, width)
    return model


def build_linear(width):
    return nn.Linear(width, width)


def make(width):
    model = Summing(width)
    return model.to("cpu")


def make_either(kind, width):
    if kind == "sum":
        model = Summing(width)
    else:
        model = Deep(width, 2)
    return model.to("cpu")
"""


def _project_severity(tmp_path, imports: str, model: str, layers: int = 64, module: str = PROJECT_MODEL) -> set[str]:
    (tmp_path / "parts.py").write_text(textwrap.dedent(module), encoding="utf-8")
    script = tmp_path / "train.py"
    source = textwrap.dedent(PROJECT_SCRIPT.format(imports=imports, model=model, layers=layers))
    script.write_text(source, encoding="utf-8")
    return {d.severity for d in lint_source(source, str(script), LintSettings(rules=(MissingGradientClipping,)))
            if d.code == "GNN401"}


@pytest.mark.parametrize("imports, model, layers, severity", [
    ("from parts import *", "Deep(64, args.layers)", 64, "warning"),  # 64 hand-written hops
    ("from parts import *", "Deep(64, args.layers)", 4, "info"),  # a shallow stack
    ("from parts import Deep as Net", "Net(64, layers=args.layers)", 64, "warning"),
    ("from parts import Summing", "Summing(64)", 2, "warning"),  # GINConv in the project's class
    ("from parts import Recurrent", "Recurrent(64)", 2, "warning"),  # an LSTMCell there
    ("from parts import Deep", "torch.nn.Linear(64, 2)", 64, "info"),  # imported but not what is trained
    ("from missing_module import Deep", "Deep(64, args.layers)", 64, "info"),  # not a file of the project
    ("import parts", "parts.Summing(64)", 2, "warning"),  # the class as an attribute of its module
    ("import parts as p", "p.Recurrent(64)", 2, "warning"),
    ("from parts import build", "build('sum', 64)", 2, "warning"),  # a factory of the project
    ("import parts", "parts.build_linear(64)", 2, "info"),  # a factory that builds no risk
    ("from parts import make", "make(64)", 2, "warning"),  # a factory returning `model.to(device)`
    ("from parts import make_either", "make_either('sum', 64)", 2, "warning"),  # the arm the string picks
    ("from parts import make_either", "make_either('deep', 64)", 2, "info"),  # the other arm: a shallow stack
    ("from parts import make_either", "make_either(input(), 64)", 2, "warning"),  # either may run: one sums
    ("from parts import Summing, Wrapper", "Wrapper(Summing(64), 64)", 2, "warning"),  # built around it
    ("from parts import Summing, Wrapper", "Wrapper(torch.nn.Linear(64, 64), 64)", 2, "info"),
])
def test_a_model_class_imported_from_the_project_is_judged(tmp_path, imports, model, layers, severity):
    assert _project_severity(tmp_path, imports, model, layers) == {severity}


def test_a_star_import_brings_the_modules_own_imports(tmp_path):
    """`from modules import *` after `import torch.nn as nn` there makes `nn.LSTM` in the script
    torch's LSTM (NRI's lstm_baseline.py)."""
    module = "import torch\nimport torch.nn as nn\n"
    script = """
        from parts import *


        class Baseline(nn.Module):
            def __init__(self, width):
                super().__init__()
                self.rnn = nn.LSTM(width, width, 2)
        """
    assert _project_severity(tmp_path, textwrap.dedent(script), "Baseline(64)", 2, module) == {"warning"}
    # Without the star import nothing says what `nn` is.
    assert _project_severity(tmp_path, textwrap.dedent(script).replace("from parts import *", ""),
                             "Baseline(64)", 2, module) == {"info"}


def test_a_result_depends_on_the_project_modules_a_file_imports(tmp_path):
    """A script's findings depend on the model module it imports, so the cache must see it change:
    the module is recorded as read for the script; a file it does not import, or a library, is not."""
    from gnnlint.analysis import project
    from gnnlint.api import lint_paths

    (tmp_path / "parts.py").write_text("import torch.nn as nn\nclass Net(nn.Module): pass\n", encoding="utf-8")
    (tmp_path / "other.py").write_text("x = 1\n", encoding="utf-8")
    script = tmp_path / "train.py"
    script.write_text("from parts import *\nfrom torch import nn\nimport torch\nmodel = Net()\n"
                      "opt = torch.optim.Adam(model.parameters())\nfor b in range(3):\n"
                      "    opt.zero_grad()\n    model(b).sum().backward()\n    opt.step()\n", encoding="utf-8")
    lint_paths([script])
    read = {key for key in project.consulted(str(script)) if not key.startswith("dir:")}
    assert read == {str(tmp_path / "parts.py")}


def test_relative_imports_and_import_cycles_of_the_project(tmp_path):
    """`from .model import Net` inside a package is read; two modules star-importing each other end."""
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "model.py").write_text(textwrap.dedent("""
        from .layers import *
        import torch.nn as nn


        class Net(nn.Module):
            def __init__(self, width):
                super().__init__()
                self.cell = Cell(width)
        """), encoding="utf-8")
    (package / "layers.py").write_text(textwrap.dedent("""
        from .model import *
        import torch.nn as nn


        class Cell(nn.Module):
            def __init__(self, width):
                super().__init__()
                self.rnn = nn.GRU(width, width)
        """), encoding="utf-8")
    script = package / "train.py"
    source = textwrap.dedent(PROJECT_SCRIPT.format(imports="from .model import Net", model="Net(64)", layers=2))
    script.write_text(source, encoding="utf-8")
    severities = {d.severity for d in lint_source(source, str(script), LintSettings(rules=(MissingGradientClipping,)))}
    assert severities == {"warning"}


def test_a_star_import_brings_names_imported_from_a_library(tmp_path):
    """`from torch.nn import LSTM` in the star-imported module makes `LSTM(...)` in the script torch's."""
    module = "from torch.nn import LSTM, Module\n"
    script = """
        from parts import *


        class Baseline(Module):
            def __init__(self, width):
                super().__init__()
                self.rnn = LSTM(width, width, 2)
        """
    assert _project_severity(tmp_path, textwrap.dedent(script), "Baseline(64)", 2, module) == {"warning"}


GRAPH_RNN_MODEL = """
import torch.nn as nn


class LevelGRU(nn.Module):
    def __init__(self, width):
        super().__init__()
        self.rnn = nn.GRU(width, width, num_layers=4, batch_first=True)


class Readout(nn.Module):
    def __init__(self, width):
        super().__init__()
        self.out = nn.Linear(width, 1)
"""

GRAPH_RNN_TRAIN = """
from torch import optim
from model import *


def train_epoch(rnn, loader, optimizer):
    for x, y in loader:
        rnn.zero_grad()
        ((rnn(x) - y) ** 2).mean().backward()
        optimizer.step()


def train(args, rnn, loader):
    optimizer = optim.Adam(list(rnn.parameters()), lr=args.lr)
    for _ in range(args.epochs):
        train_epoch(rnn, loader, optimizer)
"""


@pytest.mark.parametrize("main, severity", [
    ("from train import *\nrnn = LevelGRU(64).cuda()\ntrain(args, rnn, loader)\n", "warning"),
    ("from train import train\nrnn = LevelGRU(64)\ntrain(args, rnn, loader)\n", "warning"),
    ("from train import *\nhead = Readout(64)\ntrain(args, head, loader)\n", "info"),  # no recurrent layer
    (None, "info"),  # nobody hands `train` a model: what it trains is unknown
])
def test_the_model_a_training_function_is_handed_is_judged(tmp_path, main, severity):
    """GraphRNN: `train.py` steps an optimizer it is handed, built in `train()` over the parameters
    of a model that `main.py` builds from `model.py` and passes in: the model's GRU makes a spike
    likely, wherever the model is built."""
    (tmp_path / "model.py").write_text(textwrap.dedent(GRAPH_RNN_MODEL), encoding="utf-8")
    if main is not None:
        (tmp_path / "main.py").write_text("from model import *\n" + main, encoding="utf-8")
    script = tmp_path / "train.py"
    source = textwrap.dedent(GRAPH_RNN_TRAIN)
    script.write_text(source, encoding="utf-8")
    found = [d for d in lint_source(source, str(script), LintSettings(rules=(MissingGradientClipping,)))
             if d.code == "GNN401"]
    assert [(d.line, d.severity) for d in found] == [(10, severity)]


# -- the model followed through packages, nested imports, star chains and trainer objects --------

WEIGHTED_GIN = """
import torch
from torch_geometric.nn import MessagePassing


class WeightedGin(MessagePassing):
    def __init__(self, mlp, **options):
        options.setdefault("aggr", "{aggregation}")
        super().__init__(**options)
        self.mlp = mlp
"""

ENCODER = """
import torch
from {package}.layers import WeightedGin


class Encoder(torch.nn.Module):
    def __init__(self, width, depth=5):
        super().__init__()
        self.layers = torch.nn.ModuleList()
        for _ in range(depth):
            self.layers.append(WeightedGin(torch.nn.Linear(width, width)))
"""


def _severities(script, source: str) -> list[tuple[int, str]]:
    script.write_text(source, encoding="utf-8")
    return [(d.line, d.severity) for d in lint_source(source, str(script), LintSettings(rules=(MissingGradientClipping,)))
            if d.code == "GNN401"]


@pytest.mark.parametrize("aggregation, severity", [("add", "warning"), ("mean", "info")])
@pytest.mark.parametrize("package, imported", [("encoders", "Encoder"), ("nets", "Encoder as Backbone")])
def test_a_class_re_exported_by_a_package_is_followed_to_its_layers(tmp_path, aggregation, severity, package, imported):
    """adgcl: the script imports its encoder from a package whose `__init__.py` re-exports it; the
    encoder stacks a MessagePassing subclass that sums through `kwargs.setdefault("aggr", "add")`."""
    folder = tmp_path / package
    folder.mkdir()
    (folder / "__init__.py").write_text("from .encoder import Encoder\n", encoding="utf-8")
    (folder / "encoder.py").write_text(textwrap.dedent(ENCODER.format(package=package)), encoding="utf-8")
    (folder / "layers.py").write_text(textwrap.dedent(WEIGHTED_GIN.format(aggregation=aggregation)),
                                      encoding="utf-8")
    local = imported.split()[-1]
    source = textwrap.dedent(f"""
        import torch
        from {package} import {imported}


        def run(loader, contrast):
            network = {local}(64)
            opt = torch.optim.Adam(network.parameters(), lr=0.001)
            for batch in loader:
                opt.zero_grad()
                contrast(network(batch)).backward()
                opt.step()
        """)
    assert _severities(tmp_path / "train.py", source) == [(12, severity)]


RECURRENT_NET = """
import torch
from torch.nn import GRU


class Encoder(torch.nn.Module):
    def __init__(self, width):
        super().__init__()
        self.gru = GRU(width, width)


class Net(torch.nn.Module):
    def __init__(self, width):
        super().__init__()
        self.encoder = Encoder(width)
"""


@pytest.mark.parametrize("names", [("Net", "model", "optimizer"), ("Net as Student", "student", "opt")])
def test_a_model_imported_under_the_main_guard_is_judged(tmp_path, names):
    """InfoGraph's mean_teacher.py imports its model inside `if __name__ == "__main__":`."""
    imported, model, optimizer = names
    (tmp_path / "model.py").write_text(textwrap.dedent(RECURRENT_NET), encoding="utf-8")
    built = imported.split()[-1]
    source = textwrap.dedent(f"""
        import torch
        import torch.nn.functional as F


        def train(loader):
            for data in loader:
                {optimizer}.zero_grad()
                F.mse_loss({model}(data), data.y).backward()
                {optimizer}.step()


        if __name__ == "__main__":
            from model import {imported}
            {model} = {built}(64)
            {optimizer} = torch.optim.Adam({model}.parameters(), lr=0.001)
            train([])
        """)
    assert _severities(tmp_path / "mean_teacher.py", source) == [(10, "warning")]


def test_a_model_three_star_imports_away_is_judged(tmp_path):
    """GraphRNN's main_DeepGMG.py: `from main import *`, main.py `from train import *`, train.py
    `from model import *`, where the model propagates with a GRUCell."""
    (tmp_path / "model.py").write_text("import torch.nn as nn\n\n\nclass Generator(nn.Module):\n"
                                       "    def __init__(self, width):\n        super().__init__()\n"
                                       "        self.cell = nn.GRUCell(2 * width, width)\n", encoding="utf-8")
    (tmp_path / "train.py").write_text("from model import *\nfrom torch import optim\n", encoding="utf-8")
    (tmp_path / "main.py").write_text("from train import *\n", encoding="utf-8")
    source = textwrap.dedent("""
        from main import *


        def fit(graphs, generator):
            opt = optim.Adam(list(generator.parameters()), lr=0.001)
            for graph in graphs:
                generator.zero_grad()
                generator(graph).sum().backward()
                opt.step()


        fit([], Generator(16))
        """)
    assert _severities(tmp_path / "main_baseline.py", source) == [(10, "warning")]


TEST_NAMED = """
import torch
from torch_geometric.nn import GINConv

model = GINConv(torch.nn.Linear(8, 8))
optimizer = torch.optim.Adam(model.parameters(), lr=0.001)


def {function}(loader):
    for batch in loader:
        optimizer.zero_grad()
        model(batch.x, batch.edge_index).sum().backward()
        optimizer.step()
{tail}"""


@pytest.mark.parametrize("function, tail, found", [
    ("run", '\n\nif __name__ == "__main__":\n    run([])\n', [(13, "warning")]),  # an experiment script
    ("test_training_runs", "", []),  # a test pytest collects
    ("run", "", []),  # a helper of the tests: nothing runs when the file does
    ("run", "\n\nrun([])\n", [(13, "warning")]),  # a script that trains at import (examples/test_sgc.py)
    ("run", "\n\nrun([])\nimport pytest\n", []),  # imports a test framework
    ("run", "\n\nlosses = run([])\n", [(13, "warning")]),  # keeps what its own function returns
])
def test_a_test_named_experiment_script_is_training_code(tmp_path, function, tail, found):
    """adgcl names its experiment drivers test_minmax_tu.py, DeepRobust's examples test_sgc.py: doing
    their work when run, with nothing a test runner would collect (no test function or class, no
    pytest/unittest import), they train models and are judged like any training code."""
    source = textwrap.dedent(TEST_NAMED.format(function=function, tail=tail))
    assert _severities(tmp_path / "test_minmax.py", source) == found


TRAINER = """
import torch
import torch.nn.functional as F


class Trainer:
    def __init__(self, model, lr):
        self.model = model
        self.optimizer = torch.optim.Adam(self.model.parameters(), lr=lr)

    def epoch(self, loader):
        for x, y in loader:
            self.optimizer.zero_grad()
            F.mse_loss(self.model(x), y).backward()
            self.optimizer.step()
"""


@pytest.mark.parametrize("built, severity", [("Net(64)", "warning"), ("torch.nn.Linear(64, 1)", "info")])
def test_the_model_a_trainer_object_holds_is_judged(tmp_path, built, severity):
    """A trainer keeps the model it is constructed with on `self.model`: the model is followed to
    the call of the class, in the script that imports the trainer."""
    (tmp_path / "model.py").write_text(textwrap.dedent(RECURRENT_NET), encoding="utf-8")
    (tmp_path / "main.py").write_text(f"import torch\nfrom model import Net\nfrom trainer import Trainer\n\n"
                                      f"net = {built}\nTrainer(net, 0.001).epoch([])\n", encoding="utf-8")
    assert _severities(tmp_path / "trainer.py", textwrap.dedent(TRAINER)) == [(15, severity)]


def test_a_depth_from_the_projects_command_line(tmp_path):
    """The parser is built in one module, parsed by the entry script and handed to the trainer,
    whose model copies the options onto itself: the option's default is the model's depth. Two
    parsers that disagree on the default leave it unknown."""
    (tmp_path / "options.py").write_text(textwrap.dedent("""
        import argparse


        def parse():
            parser = argparse.ArgumentParser()
            parser.add_argument("--num_layers", type=int, default=64)
            return parser.parse_args()
        """), encoding="utf-8")
    (tmp_path / "main.py").write_text("from options import parse\nfrom trainer import Trainer\n"
                                      "Trainer(parse()).run()\n", encoding="utf-8")
    source = textwrap.dedent("""
        import torch
        from torch_geometric.nn import GCNConv


        class Stack(torch.nn.Module):
            def __init__(self, args):
                super().__init__()
                for key, value in vars(args).items():
                    setattr(self, key, value)
                self.convs = torch.nn.ModuleList([GCNConv(16, 16) for _ in range(self.num_layers)])


        class Trainer:
            def __init__(self, args):
                self.model = Stack(args)
                self.optimizer = torch.optim.Adam(self.model.parameters(), lr=0.01)

            def run(self, data):
                self.optimizer.zero_grad()
                self.model(data.x, data.edge_index).sum().backward()
                self.optimizer.step()
        """)
    script = tmp_path / "trainer.py"
    script.write_text(source, encoding="utf-8")

    def severities():
        return {d.severity for d in lint_source(source, str(script), LintSettings(rules=(MissingGradientClipping,)))}

    assert severities() == {"warning"}
    (tmp_path / "other.py").write_text("import argparse\nfrom trainer import Trainer\n"
                                       "argparse.ArgumentParser().add_argument('--num_layers', default=2)\n",
                                       encoding="utf-8")
    assert severities() == {"info"}


@pytest.mark.parametrize("chosen, severity", [
    ("Summing", "warning"),  # one arm of the `if` picks the class that sums
    ("Wrapper", "info"),  # neither arm's class sums, recurs or stacks deep
])
def test_a_class_chosen_in_if_arms_and_an_optimizer_returned_in_a_tuple(tmp_path, chosen, severity):
    """gsn: the entry script picks the model's class in `if` arms (`Model = ...`), gets the optimizer
    as the first element of a tuple a helper returns (`optimizer, scheduler = setup(model)`), and
    hands both to the training loop of another module, which steps the optimizer unclipped."""
    (tmp_path / "parts.py").write_text(textwrap.dedent(PROJECT_MODEL), encoding="utf-8")
    (tmp_path / "main.py").write_text(textwrap.dedent(f"""
        import torch
        from parts import {chosen}, Recurrent
        from loop import train, setup


        def main(args):
            if args.model == "mlp":
                Model = torch.nn.Linear
            else:
                Model = {chosen}
            model = Model(64, 64)
            model = model.to("cpu")
            optimizer, scheduler = setup(model, args.lr)
            train(model, optimizer, [])
        """), encoding="utf-8")
    source = textwrap.dedent("""
        import torch


        def setup(model, lr):
            optimizer = torch.optim.Adam(model.parameters(), lr=lr)
            scheduler = torch.optim.lr_scheduler.StepLR(optimizer, 10)
            return optimizer, scheduler


        def train(model, optim, loader):
            for data in loader:
                optim.zero_grad()
                model(data).sum().backward()
                optim.step()
        """)
    assert _severities(tmp_path / "loop.py", source) == [(15, severity)]


@pytest.mark.parametrize("factory, severity", [
    ("return torch.optim.Adam(model.parameters(), lr=0.01)", "warning"),  # an optimizer of the summing model
    ("return torch.optim.lr_scheduler.StepLR(torch.optim.Adam(model.parameters()), 10)", None),  # a scheduler
])
def test_an_optimizer_made_by_a_factory_of_the_project(tmp_path, factory, severity):
    """The training function gets its optimizer from a factory imported from the project: what the
    factory returns is followed; a factory that returns a scheduler makes no training step."""
    (tmp_path / "parts.py").write_text(textwrap.dedent(PROJECT_MODEL), encoding="utf-8")
    (tmp_path / "optim_utils.py").write_text(f"import torch\n\n\ndef make(model):\n    {factory}\n",
                                             encoding="utf-8")
    source = textwrap.dedent("""
        from parts import Summing
        from optim_utils import make


        def main(loader):
            model = Summing(64)
            stepped = make(model)
            for data in loader:
                model(data).sum().backward()
                stepped.step()
        """)
    found = _severities(tmp_path / "train.py", source)
    assert found == ([(11, severity)] if severity else [])


@pytest.mark.parametrize("relative, own_project, severity", [
    ("from .metrics import mae", False, "warning"),  # a namespace package: main.py beside it imports it
    ("", False, "info"),  # a folder of scripts: nothing says the file above imports it
    ("from .metrics import mae", True, "info"),  # a project's root: what lies above is another project
])
def test_a_training_loop_in_a_namespace_package(tmp_path, relative, own_project, severity):
    """benchmarking-gnns: `train/` has no `__init__.py`, its modules import each other relatively,
    and `main.py` beside the folder builds the model and the optimizer and hands both to
    `train.loop.train_epoch`."""
    (tmp_path / "parts.py").write_text(textwrap.dedent(PROJECT_MODEL), encoding="utf-8")
    folder = tmp_path / "train"
    folder.mkdir()
    (folder / "metrics.py").write_text("def mae(a, b):\n    return (a - b).abs().mean()\n", encoding="utf-8")
    if own_project:
        (folder / "pyproject.toml").write_text("[project]\nname = 'train'\n", encoding="utf-8")
    (tmp_path / "main.py").write_text(textwrap.dedent("""
        import torch
        from parts import Summing
        from train.loop import train_epoch

        model = Summing(64)
        optimizer = torch.optim.Adam(model.parameters(), lr=0.001)
        train_epoch(model, optimizer, [])
        """), encoding="utf-8")
    source = textwrap.dedent(f"""
        {relative}


        def train_epoch(model, optimizer, loader):
            for data in loader:
                optimizer.zero_grad()
                model(data).sum().backward()
                optimizer.step()
        """)
    assert _severities(folder / "loop.py", source) == [(9, severity)]


LIGHTNING_CASE = Path(__file__).resolve().parent.parent / "rules" / "GNN401-missing-gradient-clipping" / "cases" / \
    "lightning_trainer_from_clipping_command_line.py"


@pytest.mark.parametrize("own, project, severity", [
    ("parser.set_defaults(gradient_clip_val=1.0)", "", None),
    ('parser.add_argument("--gradient_clip_val", type=float)', "", "warning"),  # argparse's default: None
    ('parser.add_argument("--gradient_clip_val", type=float, required=True)', "", None),  # always given
    ("", 'parser.add_argument("--gradient_clip_val", type=float, default=0.5)', None),  # the project's parser
    ("", "", "warning"),
])
def test_a_lightning_trainer_from_the_command_line_clips_what_a_plain_run_is_given(tmp_path, own, project, severity):
    """``Trainer.from_argparse_args(args)`` clips when the command line as it reaches the script
    (its own parser, or an options module of the project) gives ``gradient_clip_val`` a value."""
    (tmp_path / "options.py").write_text(f"import argparse\nparser = argparse.ArgumentParser()\n{project}\n",
                                         encoding="utf-8")
    source = LIGHTNING_CASE.read_text().replace("parser.set_defaults(gradient_clip_val=1.0)", own)
    source = "import options  # noqa: F401\n" + source
    found = _severities(tmp_path / "train.py", source)
    assert [s for _, s in found if s != "info"] == ([severity] if severity else []), found


def test_a_depth_default_in_an_options_module_imported_as_from_dot_import(tmp_path):
    """A package script reads its options through ``from . import options``: the module the name
    stands for is the project's command line."""
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "options.py").write_text(
        'import argparse\nparser = argparse.ArgumentParser()\nparser.add_argument("--num_layers", type=int, default=16)\n',
        encoding="utf-8")
    source = CASE_DEEP.read_text().replace(
        '    parser = argparse.ArgumentParser()\n    parser.add_argument("--num_layers", type=int, default=16)\n'
        '    args = parser.parse_args()\n', "    args = options.parser.parse_args()\n")
    source = "from . import options\n" + source
    assert _severities(package / "train.py", source) == [(48, "warning")]


CASE_DEEP = Path(__file__).resolve().parent.parent / "rules" / "GNN401-missing-gradient-clipping" / "cases" / \
    "deep_stack_through_alias.py"


_TWO_NETWORKS = '''import torch
from torch_geometric.nn import GCNConv, GINConv


class EdgeNet(torch.nn.Module):
    def __init__(self, width):
        super().__init__()
        self.conv = GCNConv(width, width)


class NodeNet(torch.nn.Module):
    def __init__(self, width):
        super().__init__()
        self.conv = GINConv(torch.nn.Linear(width, width))


class Both(torch.nn.Module):
    def __init__(self, width):
        super().__init__()
        self.edge_net = EdgeNet(width)
        self.node_net = NodeNet(width)
'''


def test_an_optimizer_over_one_part_of_a_model_trains_what_its_class_stores_there(tmp_path):
    """GAug-style: one model holds two networks, each trained by its own optimizer over
    `model.<part>.parameters()`; each step is judged by the part it trains (the sum-aggregating
    GIN network warns, the GCN one is info), not by the whole model."""
    (tmp_path / "models.py").write_text(_TWO_NETWORKS, encoding="utf-8")
    source = '''import torch
from models import Both


def main(data):
    model = Both(16)
    opt_edge = torch.optim.Adam(model.edge_net.parameters(), lr=0.01)
    opt_node = torch.optim.Adam(model.node_net.parameters(), lr=0.01)
    for _ in range(10):
        opt_edge.zero_grad()
        model.edge_net(data).sum().backward()
        opt_edge.step()
        opt_node.zero_grad()
        model.node_net(data).sum().backward()
        opt_node.step()
'''
    assert _severities(tmp_path / "train.py", source) == [(12, "info"), (15, "warning")]


@pytest.mark.parametrize("layer, severity", [("NodeNet", "warning"), ("EdgeNet", "info")])
def test_parameters_listed_by_a_trainer_object_are_followed_to_the_model(tmp_path, layer, severity):
    """GMNN-style: a trainer keeps the model it is handed and lists its trainable parameters
    (`[p for p in self.model.parameters() if p.requires_grad]`) for an optimizer factory."""
    (tmp_path / "models.py").write_text(_TWO_NETWORKS, encoding="utf-8")
    (tmp_path / "trainer.py").write_text('''import torch


def get_optimizer(params, lr):
    return torch.optim.Adam(params, lr=lr)


class Trainer:
    def __init__(self, model, lr):
        self.model = model
        self.params = [p for p in self.model.parameters() if p.requires_grad]
        self.optimizer = get_optimizer(self.params, lr)

    def update(self, data):
        self.optimizer.zero_grad()
        self.model(data).sum().backward()
        self.optimizer.step()
''', encoding="utf-8")
    (tmp_path / "train.py").write_text(f'''from models import {layer}
from trainer import Trainer

trainer = Trainer({layer}(16), 0.01)
''', encoding="utf-8")
    source = (tmp_path / "trainer.py").read_text(encoding="utf-8")
    assert _severities(tmp_path / "trainer.py", source) == [(17, severity)]


# -- framework models handed over by another module: a factory's returns, a training wrapper ------

FACTORY = """
def load_model(args):
    if args['model'] == 'AttentiveFP':
        from dgllife.model import {model}
        model = {model}(node_feat_size=74, edge_feat_size=12, n_tasks=1)
    return model
"""

FACTORY_MAIN = """
import torch
from utils import load_model


def main(args, loader):
    model = load_model(args)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    for g, y in loader:
        loss = torch.nn.functional.mse_loss(model(g), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
"""


@pytest.mark.parametrize("model, severity", [
    ("AttentiveFPPredictor", "warning"),  # GRUCell node and readout updates
    ("GINPredictor", "warning"),  # fn.sum aggregation, nothing else on offer
    ("GCNPredictor", "info"),  # degree-normalised: no risk of its own
])
def test_a_framework_model_a_project_factory_returns(tmp_path, model, severity):
    """DGL-LifeSci's examples: `utils.load_model(args)` returns a library model the options pick;
    the library's table says which of its models recur or sum their neighbours."""
    (tmp_path / "utils.py").write_text(textwrap.dedent(FACTORY.format(model=model)), encoding="utf-8")
    script = tmp_path / "main.py"
    source = textwrap.dedent(FACTORY_MAIN)
    script.write_text(source, encoding="utf-8")
    found = [d for d in lint_source(source, str(script), LintSettings(rules=(MissingGradientClipping,)))
             if d.code == "GNN401"]
    assert [(d.line, d.severity) for d in found] == [(13, severity)]


WRAPPER = """
import torch.nn as nn


class Stepper(nn.Module):
    def __init__(self, lr, optimizer):
        super().__init__()
        self.lr = lr
        self.optimizer = optimizer
        self._reset()

    def _reset(self):
        self.optimizer.zero_grad()

    def backward_and_step(self, loss):
        loss.backward()
        self.optimizer.step()
        self._reset()
"""

WRAPPER_TRAIN = """
from dgllife.model import DGMG
from torch.optim import Adam
from utils import Stepper

model = DGMG(atom_types=['C', 'N'], bond_types=[0, 1], node_hidden_size=128, num_prop_rounds=2, dropout=0.2)
stepper = Stepper(1e-4, Adam(model.parameters(), lr=1e-4))
"""


@pytest.mark.parametrize("name", ["Stepper", "Optimizer"])
def test_a_module_that_steps_the_optimizer_it_holds_is_training_code(tmp_path, name):
    """DGMG's example: a torch module holding the optimizer it is built with runs backward and step
    (whatever the class is called, it is no optimizer implementation); the model whose parameters
    that optimizer updates is built in the training script: a recurrent DGMG."""
    (tmp_path / "train.py").write_text(textwrap.dedent(WRAPPER_TRAIN).replace("Stepper", name), encoding="utf-8")
    script = tmp_path / "utils.py"
    source = textwrap.dedent(WRAPPER).replace("Stepper", name)
    script.write_text(source, encoding="utf-8")
    found = [d for d in lint_source(source, str(script), LintSettings(rules=(MissingGradientClipping,)))
             if d.code == "GNN401"]
    assert [(d.line, d.severity) for d in found] == [(17, "warning")]


def test_an_optimizer_a_subclass_hands_to_its_base_class(tmp_path):
    """A step wrapper's subclass passes its optimizer on with ``super().__init__(...)`` and steps
    ``self.opt``, which only the base class stores: what it steps is what the subclass's
    construction (in another module) passes, an optimizer of a recurrent model."""
    (tmp_path / "steps.py").write_text(textwrap.dedent("""
        class Wrapper:
            def __init__(self, rate, opt):
                self.rate = rate
                self.opt = opt


        class SharedWrapper(Wrapper):
            def __init__(self, workers, rate, opt):
                super().__init__(rate=rate, opt=opt)
                self.workers = workers

            def update(self, loss):
                loss.backward()
                self.opt.step()
                self.opt.zero_grad()
        """), encoding="utf-8")
    (tmp_path / "train.py").write_text(textwrap.dedent("""
        import torch
        from steps import SharedWrapper


        def main(loader):
            model = torch.nn.GRU(8, 8, num_layers=3)
            stepper = SharedWrapper(4, 1e-3, torch.optim.Adam(model.parameters(), lr=1e-3))
            for x in loader:
                stepper.update(model(x)[0].sum())
        """), encoding="utf-8")
    assert _severities(tmp_path / "steps.py", (tmp_path / "steps.py").read_text(encoding="utf-8")) == [(15, "warning")]


@pytest.mark.parametrize("handed, severity", [
    ("return model, best", "warning"),  # the model handed in comes back: the GRU is trained
    ("return torch.nn.Linear(8, 8), best", "info"),  # another model comes back: nothing known of it
])
def test_a_model_a_project_helper_hands_back(tmp_path, handed, severity):
    """``model, best = restore(model, path)``: a project helper that returns the model it is handed
    (a checkpoint loader) leaves the trained model the one built before the call (in the module
    that calls the training function)."""
    (tmp_path / "ckpt.py").write_text(textwrap.dedent(f"""
        import torch


        def restore(model, path):
            best = 0.0
            if path:
                model.load_state_dict(torch.load(path))
            {handed}
        """), encoding="utf-8")
    (tmp_path / "main.py").write_text(textwrap.dedent("""
        import torch
        from ckpt import restore
        from loop import train


        def main(loader, path):
            model = torch.nn.GRU(8, 8, num_layers=3)
            model, best = restore(model, path)
            train(model, loader, torch.optim.Adam(model.parameters(), lr=1e-3))
        """), encoding="utf-8")
    source = textwrap.dedent("""
        def train(model, loader, optimizer):
            for x in loader:
                optimizer.zero_grad()
                model(x)[0].sum().backward()
                optimizer.step()
        """)
    assert _severities(tmp_path / "loop.py", source) == [(6, severity)]


def test_a_clipping_helper_a_subclass_inherits(tmp_path):
    """The subclass's step calls ``self._clip()``, which only its base class defines: the step is
    clipped."""
    source = textwrap.dedent("""
        import torch


        class Wrapper:
            def __init__(self, model, opt):
                self.model = model
                self.opt = opt

            def _clip(self):
                torch.nn.utils.clip_grad_norm_(self.model.parameters(), 1.0)


        class SharedWrapper(Wrapper):
            def __init__(self, workers, model, opt):
                super().__init__(model=model, opt=opt)
                self.workers = workers

            def update(self, loss):
                loss.backward()
                self._clip()
                self.opt.step()
                self.opt.zero_grad()


        def main(loader):
            model = torch.nn.GRU(8, 8, num_layers=3)
            stepper = SharedWrapper(4, model, torch.optim.Adam(model.parameters(), lr=1e-3))
            for x in loader:
                stepper.update(model(x)[0].sum())
        """)
    assert _severities(tmp_path / "train.py", source) == []


# -- a TensorFlow 1 flag whose default is the rate of an optimizer of the project -----------------

FLAG_MODELS = """
import tensorflow as tf

flags = tf.app.flags
FLAGS = flags.FLAGS


class Aligner(object):
    def build(self, loss):
        self.optimizer = tf.train.{optimizer}(learning_rate=FLAGS.learning_rate)
        return self.optimizer.minimize(loss)
"""

FLAG_SCRIPT = """
import tensorflow as tf
from models import Aligner

flags = tf.app.flags
FLAGS = flags.FLAGS
flags.{define}('learning_rate', {default}, 'Initial learning rate.')
flags.{define}('gamma', 20, 'Margin.')

model = Aligner()
"""


@pytest.mark.parametrize("define, optimizer, default, flagged", [
    ("DEFINE_float", "GradientDescentOptimizer", 20, True),  # plain SGD at 20
    ("DEFINE_float", "GradientDescentOptimizer", 0.5, False),  # below SGD's threshold 1.0
    ("DEFINE_float", "AdamOptimizer", 0.5, True),  # above Adam's 0.1
    ("DEFINE_float", "AdamOptimizer", 0.01, False),
    ("DEFINE_integer", "AdamOptimizer", 1, True),  # an integer flag holds a rate all the same
])
def test_a_flag_default_read_by_an_optimizer_of_the_project(tmp_path, define, optimizer, default, flagged):
    (tmp_path / "models.py").write_text(textwrap.dedent(FLAG_MODELS.format(optimizer=optimizer)), encoding="utf-8")
    script = tmp_path / "train.py"
    source = textwrap.dedent(FLAG_SCRIPT.format(define=define, default=default))
    script.write_text(source, encoding="utf-8")
    found = {(d.line, d.code) for d in lint_source(source, str(script), LintSettings(rules=(HighLearningRate,)))}
    assert found == ({(7, "GNN404")} if flagged else set())  # never the margin flag on line 8


def test_a_tf1_schedule_is_reported_once_with_the_rate_it_reaches():
    # polynomial_decay(0.01, ..., end_learning_rate=0.5) climbs to 0.5: it does not start there. One
    # schedule feeding two optimizers is one finding, at the schedule.
    source = textwrap.dedent("""
        import tensorflow as tf

        rate = tf.train.polynomial_decay(0.01, tf.train.get_global_step(), 1000, 0.5)
        first = tf.train.AdamOptimizer(rate)
        second = tf.train.RMSPropOptimizer(rate)
        """)
    found = lint_source(source, "train.py", LintSettings(rules=(HighLearningRate,)))
    assert [(d.line, d.code) for d in found] == [(4, "GNN404")]
    assert "reaches lr=0.5" in found[0].message and "first updates" not in found[0].message


@pytest.mark.parametrize("items", ["grads", "tensors"])
def test_per_tensor_clipping_is_told_by_where_the_clipped_tensors_go(items):
    # Tensors clipped one by one and applied as gradients are per-tensor clipping whatever the list is
    # called; variables clipped one by one and assigned back are weight clipping (WGAN), not this rule.
    source = f"""
    import tensorflow as tf

    def bound(xs):
        return [tf.clip_by_norm(x, 1.0) for x in xs]

    def step(x, {items}_in):
        with tf.GradientTape() as tape:
            loss = model(x)
        {items} = bound(tape.gradient(loss, model.trainable_variables))
        opt.apply_gradients(zip({items}, model.trainable_variables))
        for w in {items}_in:
            w.assign(tf.clip_by_value(w, -0.01, 0.01))
    """
    assert {(line, code) for line, code, _ in found(source) if code == "GNN402"} == {(5, "GNN402")}


@pytest.mark.parametrize("before_parsing, after_parsing, quiet", [
    ("", "", False),  # the default 0.5 is Adam's rate
    ("parser.set_defaults(lr=0.001)", "", True),  # parser-level defaults override the argument's
    ("", "args.lr = args.lr * args.scale", True),  # set again after parsing: not the default any more
])
def test_a_command_line_rate_is_what_a_plain_run_holds(before_parsing, after_parsing, quiet):
    source = textwrap.dedent(f"""
        import argparse
        import torch

        parser = argparse.ArgumentParser()
        parser.add_argument("--lr", type=float, default=0.5)
        parser.add_argument("--scale", type=float, default=0.01)
        {before_parsing}
        args = parser.parse_args()
        {after_parsing}

        def train(model):
            return torch.optim.Adam(model.parameters(), lr=args.lr)
        """)
    found = lint_source(source, "train.py", LintSettings(rules=(HighLearningRate,)))
    assert [d.code for d in found] == ([] if quiet else ["GNN404"])


def test_a_hyperparameter_handed_back_to_its_own_class_ends():
    # Model(lr=self.hparams.lr) inside the class: following hparams -> __init__ -> caller -> hparams
    # must stop, not recurse until Python gives up (the rule then reported nothing for the file).
    source = textwrap.dedent("""
        import torch
        import pytorch_lightning as pl

        class Model(pl.LightningModule):
            def __init__(self, lr=0.5):
                super().__init__()
                self.save_hyperparameters()
                self.layer = torch.nn.Linear(4, 4)

            def copy(self):
                return Model(lr=self.hparams.lr)

            def configure_optimizers(self):
                return torch.optim.Adam(self.parameters(), lr=self.hparams.lr)
        """)
    found = lint_source(source, "train.py", LintSettings(rules=(HighLearningRate,)))
    assert [d.code for d in found if d.code.startswith("GNN9")] == []


def test_clipping_that_only_shares_a_name_with_applied_gradients_is_not_theirs():
    # `clipped` in augment() is image data; another function's `clipped` goes to apply_gradients. A
    # PyTorch loop over groups of parameters clips each group together (encoder, decoder): by norm.
    source = """
    import tensorflow as tf
    import torch

    def augment(images):
        clipped = [tf.clip_by_value(x, 0.0, 1.0) for x in images]
        return clipped

    def step(x):
        with tf.GradientTape() as tape:
            loss = model(x)
        clipped = tf.clip_by_global_norm(tape.gradient(loss, model.trainable_variables), 5.0)[0]
        opt.apply_gradients(zip(clipped, model.trainable_variables))

    def torch_step(enc, dec, loss, optimizer):
        loss.backward()
        for group in (list(enc.parameters()), list(dec.parameters())):
            torch.nn.utils.clip_grad_norm_(group, 1.0)
        optimizer.step()
    """
    assert {(line, code) for line, code, _ in found(source) if code == "GNN402"} == set()


def test_per_parameter_clipping_through_a_list_of_the_parameters():
    # list(model.parameters()) and filter(..., model.parameters()) still hold one parameter per element.
    source = """
    import torch

    def train(model, loader, optimizer):
        kept = list(model.parameters())
        for x in loader:
            model(x).sum().backward()
            for p in kept:
                torch.nn.utils.clip_grad_norm_(p, 1.0)
            optimizer.step()
    """
    assert {(line, code) for line, code, _ in found(source) if code == "GNN402"} == {(9, "GNN402")}


KERAS_SGD = """
from tensorflow import keras
model = keras.Sequential([keras.layers.Dense(4)])
model.compile(optimizer=keras.optimizers.SGD({settings}), loss="mse")
model.fit(x, y)
"""
TF1_MOMENTUM = """
import tensorflow as tf
opt = tf.compat.v1.train.MomentumOptimizer({settings})
train_op = opt.minimize(loss)
"""
LIGHTNING_SGD = """
import torch
import pytorch_lightning as pl
class Lit(pl.LightningModule):
    def training_step(self, batch, i):
        return self.layer(batch).sum()
    def configure_optimizers(self):
        return torch.optim.SGD(self.parameters(), {settings})
trainer = pl.Trainer(max_epochs=3)
trainer.fit(Lit())
"""


@pytest.mark.parametrize("program, settings, severity", [
    (KERAS_SGD, "learning_rate=0.1, momentum=0.9", "warning"),
    (KERAS_SGD, "0.5, 0.9", "warning"),
    (KERAS_SGD, "learning_rate=0.1", "info"),  # no momentum
    (KERAS_SGD, "learning_rate=0.01, momentum=0.9", "info"),  # the usual rate
    (TF1_MOMENTUM, "0.1, 0.9", "warning"),
    (TF1_MOMENTUM, "learning_rate=0.1, momentum=0.0", "info"),
    (TF1_MOMENTUM, "0.005, 0.9, use_nesterov=True", "info"),
    (LIGHTNING_SGD, "lr=0.1, momentum=0.9", "warning"),
    (LIGHTNING_SGD, "lr=0.1, momentum=0.9, nesterov=True", "warning"),
    (LIGHTNING_SGD, "lr=0.1", "info"),
    (LIGHTNING_SGD, "lr=rate, momentum=0.9", "info"),  # a rate nothing tells: quiet
])
def test_sgd_with_momentum_at_a_high_rate_makes_it_a_warning(program, settings, severity):
    severities = {s for _, c, s in found(program.format(settings=settings), [MissingGradientClipping]) if c == "GNN401"}
    assert severities == {severity}


TORCH_SGD_SCHEDULED = """
import torch
def train(model, loader):
    opt = torch.optim.SGD({settings})
    {scheduler}
    for x in loader:
        model(x).sum().backward()
        opt.step()
"""


@pytest.mark.parametrize("settings, scheduler, severity", [
    # Keras SGD's momentum defaults to 0: Nesterov alone is plain SGD.
    ("model.parameters(), lr=0.1, momentum=0.9", "pass", "warning"),
    ("model.parameters(), lr=0.1, nesterov=True", "pass", "info"),
    ("model.parameters(), 0.1, 0.9, 0, 0, True", "pass", "warning"),
    # A scheduler that replaces the rate: its peak is the rate trained at.
    ("model.parameters(), lr=0.1, momentum=0.9",
     "sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=0.01, total_steps=100)", "info"),
    ("model.parameters(), lr=0.01, momentum=0.9",
     "sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=0.5, total_steps=100)", "warning"),
    ("model.parameters(), lr=0.1, momentum=0.9",
     "sched = torch.optim.lr_scheduler.CyclicLR(opt, 0.001, 0.01)", "info"),
    ("model.parameters(), lr=0.1, momentum=0.9",
     "sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda e: 0.1 ** e)", "info"),
    # Param groups with their own rate (or momentum) override the constructor's.
    ("[{'params': model.a.parameters(), 'lr': 0.01}, {'params': model.b.parameters(), 'lr': 0.01}], "
     "lr=0.1, momentum=0.9", "pass", "info"),
    ("[{'params': model.a.parameters(), 'lr': 0.5}, {'params': model.b.parameters(), 'lr': 0.2}], "
     "lr=0.001, momentum=0.9", "pass", "warning"),
    ("[{'params': model.a.parameters()}, {'params': model.b.parameters(), 'lr': 0.01}], "
     "lr=0.1, momentum=0.9", "pass", "info"),
    ("[dict(params=model.a.parameters(), momentum=0.0)], lr=0.1, momentum=0.9", "pass", "info"),
])
def test_momentum_sgd_reads_the_peak_rate_groups_and_momentum(settings, scheduler, severity):
    source = TORCH_SGD_SCHEDULED.format(settings=settings, scheduler=scheduler)
    severities = {s for _, c, s in found(source, [MissingGradientClipping]) if c == "GNN401"}
    assert severities == {severity}


def test_keras_nesterov_without_momentum_is_plain_sgd():
    severities = {s for _, c, s in found(KERAS_SGD.format(settings="learning_rate=0.1, nesterov=True"),
                                         [MissingGradientClipping]) if c == "GNN401"}
    assert severities == {"info"}
    (diagnostic,) = lint_with(KERAS_SGD.format(settings="learning_rate=0.1, momentum=0.9, nesterov=True"),
                              [MissingGradientClipping])
    assert "SGD with Nesterov momentum 0.9 at lr=0.1" in diagnostic.message


def test_a_scheduler_held_under_another_name_still_sets_the_peak():
    # Which scheduler drives which optimizer follows values, not names.
    source = TORCH_SGD_SCHEDULED.format(
        settings="model.parameters(), lr=0.1, momentum=0.9",
        scheduler="o = opt\n    s = torch.optim.lr_scheduler.OneCycleLR(o, 0.01, total_steps=9)")
    assert {s for _, c, s in found(source, [MissingGradientClipping]) if c == "GNN401"} == {"info"}


def test_a_layer_handing_message_passing_no_aggr_is_named_in_the_message():
    source = torch_loop("Conv()\nclass Conv(MessagePassing):\n    def __init__(self):\n        super().__init__()\n"
                        "    def message(self, x_j):\n        return x_j", "from torch_geometric.nn import MessagePassing")
    (diagnostic,) = lint_with(source, [MissingGradientClipping])
    assert diagnostic.severity == "warning"
    assert "`Conv` hands MessagePassing no aggr (PyG's default aggr='add')" in diagnostic.message


@pytest.mark.parametrize("stored, severity", [("'mean'", "info"), ("'add'", "warning")])
def test_a_layer_storing_its_own_aggr_is_judged_by_it(stored, severity):
    # PyG 1.x: `self.aggr = "mean"` after `super().__init__()` replaces the default; any receiver name.
    source = torch_loop("Conv()\nclass Conv(MessagePassing):\n    def __init__(me):\n        super().__init__()\n"
                        f"        me.aggr = {stored}\n    def message(me, x_j):\n        return x_j",
                        "from torch_geometric.nn import MessagePassing")
    assert {s for _, c, s in found(source, [MissingGradientClipping]) if c == "GNN401"} == {severity}
