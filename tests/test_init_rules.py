"""GNN202-GNN204 and GNN302 beyond their catalogue pages: evidence in messages, guards that pages do
not show, and the helpers GNN201 shares with them."""

from __future__ import annotations

import textwrap

import pytest

from gnnlint.engine import LintSettings, lint_source
from gnnlint.rules.constant_weight_init import ConstantWeightInit
from gnnlint.rules.positive_uniform_init import PositiveUniformInit
from gnnlint.rules.unguarded_standardization import UnguardedStandardization
from gnnlint.rules.uninitialized_parameter import UninitializedParameter
from gnnlint.rules.unscaled_init import UnscaledInit
from gnnlint.testing import lint_with


def lines(source: str, rule, path: str = "<test>") -> list[int]:
    return [d.line for d in lint_source(textwrap.dedent(source), path, LintSettings(rules=(rule,)))]


def messages(source: str, rule) -> list[str]:
    return [d.message for d in lint_with(textwrap.dedent(source), [rule])]


# -- GNN202 unscaled-init ------------------------------------------------------------------------


def test_unscaled_message_names_the_fan_in_and_the_growth():
    [message] = messages("""
        import tensorflow as tf
        W = tf.Variable(tf.random.normal([1433, 64]))
    """, UnscaledInit)
    assert "`tf.random.normal([1433, 64])`" in message
    assert "fan-in of 1433" in message and "38x" in message


@pytest.mark.parametrize("source", [
    "import tensorflow as tf\ninit = tf.compat.v1.random_normal_initializer()\n",  # TF1 default stddev is 1.0
    "import tensorflow as tf\ninit = tf.keras.initializers.TruncatedNormal(stddev=1.0)\n",
    "import torch\nfrom torch import nn\nw = nn.Parameter(torch.empty(64, 64).normal_())\n",
    "import tensorflow as tf\nw0 = tf.random.normal([64, 32])\nW = tf.Variable(w0)\n",
    "import torch\nfrom torch import nn\nw = nn.Parameter(nn.init.trunc_normal_(torch.empty(64, 64)))\n",
])
def test_unscaled_draws_are_found(source):
    assert len(lines(source, UnscaledInit)) == 1


@pytest.mark.parametrize("source", [
    # Keras and TF2 defaults are small.
    "import tensorflow as tf\ninit = tf.random_normal_initializer()\n",
    "import keras\ninit = keras.initializers.RandomUniform()\n",
    # A computed std is trusted.
    "import tensorflow as tf\nW = tf.Variable(tf.random.normal([64, 32], stddev=scale))\n",
    # Embeddings are looked up, not multiplied: N(0, 1) is their usual init.
    "import tensorflow as tf\nemb = tf.keras.layers.Embedding(9, 4, embeddings_initializer="
    "tf.keras.initializers.RandomNormal(stddev=1.0))\n",
    "import torch\nfrom torch import nn\nclass NodeEmbedding(nn.Module):\n"
    "    def reset_parameters(self):\n        nn.init.normal_(self.weight)\n",
    # A token or attention vector, and data.
    "import torch\nfrom torch import nn\ncls = nn.Parameter(torch.randn(1, 64))\n",
    "import torch\nx = torch.randn(100, 16)\n",
    "import torch\nfrom torch import nn\nnoise = torch.randn(64, 64)\nnn.init.normal_(noise)\n",
    # Next to a framework, NumPy arrays are data.
    "import numpy as np\nimport torch\nW = np.random.randn(64, 32)\n",
    # A parameter with another role than multiplying an input.
    "import torch\nfrom torch import nn\nclass Pool(nn.Module):\n"
    "    def reset_parameters(self):\n        nn.init.uniform_(self.k.data, -1., 1.)\n",
])
def test_unscaled_guards(source):
    assert lines(source, UnscaledInit) == []


# -- GNN203 constant-weight-init -----------------------------------------------------------------


def test_constant_message_quotes_the_call_and_the_value():
    [message] = messages("""
        from torch import nn
        lin = nn.Linear(4, 4)
        nn.init.constant_(lin.weight, 0.5)
    """, ConstantWeightInit)
    assert "`nn.init.constant_(lin.weight, 0.5)`" in message and "to 0.5" in message


def test_constant_init_in_a_loop_is_reported_even_next_to_random_inits():
    source = """
        from torch import nn
        class MLP(nn.Module):
            def reset_parameters(self):
                nn.init.xavier_uniform_(self.out.weight)
                for layer in self.layers:
                    nn.init.zeros_(layer.weight)
    """
    assert lines(source, ConstantWeightInit) == [7]


def test_constant_weights_in_tests_are_not_reported():
    """Tests are told by their path, as pytest collects them; what a function is called says nothing:
    a constant init in ``def test_dense()`` of a library module is still a constant init."""
    source = """
        import keras
        layer = keras.layers.Dense(2, kernel_initializer="ones")
        def test_dense():
            layer = keras.layers.Dense(2, kernel_initializer=keras.initializers.Constant(0.1))
    """
    assert lines(source, ConstantWeightInit) == [3, 5]
    assert lines(source, ConstantWeightInit, path="pkg/tests/test_layers.py") == []
    assert lines(source, ConstantWeightInit, path="keras/src/layers/dense_test.py") == []


def test_constant_keras_scalars_and_norm_scales_are_not_reported():
    source = """
        import keras
        class Attention(keras.layers.Layer):
            def build(self, shape):
                self.scale_weight = self.add_weight(name="weight", shape=(), initializer="ones")
        class InnerNorm(keras.layers.Layer):
            def build(self, shape):
                self.weight = self.add_weight(name="weight", shape=(shape[-1],), initializer="ones")
    """
    assert lines(source, ConstantWeightInit) == []


def test_constant_initializer_through_a_name():
    source = """
        import tensorflow as tf
        init = tf.keras.initializers.Zeros()
        layer = tf.keras.layers.Dense(8, kernel_initializer=init)
    """
    assert lines(source, ConstantWeightInit) == [4]


# -- GNN204 uninitialized-parameter --------------------------------------------------------------


def test_uninitialized_message_names_the_class_and_the_allocation():
    [message] = messages("""
        import torch
        from torch import nn
        class Layer(nn.Module):
            def __init__(self):
                super().__init__()
                self.weight = nn.Parameter(torch.empty(3, 4))
    """, UninitializedParameter)
    assert "`self.weight`" in message and "`torch.empty(3, 4)`" in message and "`Layer`" in message


@pytest.mark.parametrize("body", [
    "self.reset_parameters()",  # inherited: cannot tell
    "self.apply(self._init_weights)",
    "init_weights(self)",
    "torch.nn.init.xavier_normal_(self.weight.view(2, -1))",
    "self.weight.data.copy_(source)",
    "self.weight.data = torch.randn(3, 4)",
    "self.weight = nn.Parameter(torch.randn(3, 4))",
    "with torch.no_grad():\n            self.weight[:] = 0.1",
])
def test_uninitialized_guards(body):
    source = f"""
        import torch
        from torch import nn
        class Layer(nn.Module):
            def __init__(self, source):
                super().__init__()
                self.weight = nn.Parameter(torch.empty(3, 4))
                {body}
    """
    assert lines(source, UninitializedParameter) == []


def test_uninitialized_uses_in_forward_do_not_count():
    source = """
        import torch
        from torch import nn
        class Layer(nn.Module):
            def __init__(self):
                super().__init__()
                self.weight = nn.Parameter(torch.Tensor(3, 4))
            def forward(self, x):
                return torch.matmul(x, self.weight)
    """
    assert lines(source, UninitializedParameter) == [7]


def test_uninitialized_tensor_with_data_is_not_flagged():
    source = """
        import torch
        from torch import nn
        class Layer(nn.Module):
            def __init__(self, values):
                super().__init__()
                self.a = nn.Parameter(torch.Tensor([1.0, 2.0]))
                self.b = nn.Parameter(torch.Tensor(values))
    """
    assert lines(source, UninitializedParameter) == []


# -- GNN302 unguarded-standardization ------------------------------------------------------------


def test_standardization_message_names_where_the_std_came_from():
    [message] = messages("""
        import numpy as np
        sigma = np.std(X, axis=0)
        Z = (X - X.mean(0)) / sigma
    """, UnguardedStandardization)
    assert "`sigma` = `np.std(X, axis=0)`" in message


@pytest.mark.parametrize("source", [
    "import torch\nstd, mean = torch.std_mean(x, dim=0)\nx /= std\n",
    "import numpy as np\nz = np.divide(x - x.mean(0), x.std(0))\n",
    "import numpy as np\nv = np.var(x, 0)\nz = x / v ** 0.5\n",
])
def test_standardization_variants(source):
    assert len(lines(source, UnguardedStandardization)) == 1


@pytest.mark.parametrize("source", [
    "import numpy as np\ns = x.std(0)\ns += 1e-8\nz = x / s\n",
    "import numpy as np\ns = x.std(0)\ns = np.where(s > 0, s, 1.0)\nz = x / s\n",
    "def normalize(x, mean, std):\n    return (x - mean) / std\n",
    "import tensorflow as tf\nz = tf.math.divide_no_nan(x, tf.math.reduce_std(x, 0))\n",
])
def test_standardization_guards(source):
    assert lines(source, UnguardedStandardization) == []


# -- GNN201 still works on the shared helpers ----------------------------------------------------


def test_positive_uniform_uses_the_shared_parameter_helpers():
    source = """
        import torch
        from torch import nn
        for p in model.parameters():
            p.data.uniform_()
        mask = torch.empty(10)
        nn.init.uniform_(mask)
    """
    assert lines(source, PositiveUniformInit) == [5]
