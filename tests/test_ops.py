"""The framework tables (gnnlint/analysis/ops): every row on its own, through the analysis that
reads it, and the tables' consistency."""

from __future__ import annotations

import textwrap
from collections.abc import Iterator

import libcst as cst
import pytest

from gnnlint.analysis import ops
from gnnlint.analysis.graph import GraphFacts
from gnnlint.analysis.values import Signs
from gnnlint.rule import Rule
from gnnlint.testing import lint_with

# How each library is imported in a generated program, and a tensor of each sign made with it.
_IMPORTS = {
    "torch": "import torch",
    "numpy": "import numpy",
    "scipy": "import numpy\nimport scipy\nimport scipy.special\nimport scipy.sparse\nimport scipy.linalg",
    "tensorflow": "import tensorflow\nimport numpy",
    "keras": "import keras\nimport numpy",
    "torch_geometric": "import torch\nimport torch_geometric\nimport torch_geometric.utils",
    "torch_scatter": "import torch\nimport torch_scatter",
    "torch_sparse": "import torch\nimport torch_sparse",
    "dgl": "import torch\nimport dgl",
    "spektral": "import numpy\nimport spektral",
    "builtins": "import numpy",
    "math": "import math\nimport numpy",
}
_POSITIVE = "numpy.ones((3, 4))"                # every entry > 0 (the numpy.ones row)
_NON_NEGATIVE = "abs(numpy.ones((3, 4)) - 2)"   # every entry >= 0 (the builtins.abs row)


class _Probe(Rule):
    """Records the sign the analysis gives the argument of each ``probe(...)`` call."""

    code = "TST002"
    name = "probe-signs"
    message = "-"
    requires = (GraphFacts,)
    found: list[str | None] = []

    def visit_Call(self, node: cst.Call) -> None:
        if isinstance(node.func, cst.Name) and node.func.value == "probe":
            _Probe.found.append(Signs(GraphFacts.of(self.context)).here(node.args[0].value))


def signs(source: str) -> list[str | None]:
    _Probe.found.clear()
    lint_with("import numpy\n" + textwrap.dedent(source), [_Probe])  # the known signs are made with numpy
    return list(_Probe.found)


def _rows() -> Iterator[tuple[str, ops.Op]]:
    for library in ops.LIBRARIES:
        for row in library.OPS:
            yield library.__name__.rsplit(".", 1)[-1], row


ROWS = list(_rows())


def _spellings(*kinds: ops.Kind, without: tuple[ops.Kind, ...] = ()) -> list[tuple[str, str]]:
    """(form, spelling) of every row with any of ``kinds`` and none of ``without``: ``("function",
    "torch.exp")``, ``("method", "exp")``."""
    found = []
    for _, row in ROWS:
        if row.kinds & set(kinds) and not row.kinds & set(without):
            found += [("function", f) for f in row.functions] + [("method", m) for m in row.methods]
    return found


def _call(form: str, spelling: str, operand: str, *args: str) -> tuple[str, str]:
    """(imports, a call of the row's operation on ``operand``) in the row's own form."""
    if form == "method":
        return "import numpy", f"({operand}).{spelling}({', '.join(args)})"
    root = spelling.split(".")[0]
    name = spelling.removeprefix("builtins.")
    return _IMPORTS[root], f"{name}({', '.join((operand, *args))})"


def _ids(params: list[tuple[str, str]]) -> list[str]:
    return [f"{form}:{spelling}" for form, spelling in params]


# -- each row, through the sign analysis ---------------------------------------------------------

POSITIVE = _spellings("positive", "size")


@pytest.mark.parametrize(("form", "spelling"), POSITIVE, ids=_ids(POSITIVE))
def test_a_positive_output_is_positive_whatever_the_operand(form: str, spelling: str) -> None:
    imports, call = _call(form, spelling, "x")
    assert signs(f"{imports}\nprobe({call})\n") == ["pos"]


NON_NEGATIVE = _spellings("non-negative", without=("positive",))


@pytest.mark.parametrize(("form", "spelling"), NON_NEGATIVE, ids=_ids(NON_NEGATIVE))
def test_a_non_negative_output_is_non_negative_whatever_the_operand(form: str, spelling: str) -> None:
    imports, call = _call(form, spelling, "x")
    assert signs(f"{imports}\nprobe({call})\n") == ["nonneg"]


# Keeping the sign is observable through values built from a known sign.
KEEPS_SIGN = _spellings(*ops.KEEPS_SIGN, without=("positive", "non-negative", "clamp", "maximum", "fill", "power",
                                                  "reciprocal", "concat"))


@pytest.mark.parametrize(("form", "spelling"), KEEPS_SIGN, ids=_ids(KEEPS_SIGN))
def test_a_value_or_sign_keeping_operation_keeps_a_known_sign(form: str, spelling: str) -> None:
    imports, positive = _call(form, spelling, "p")
    _, unknown = _call(form, spelling, "u")
    assert signs(f"{imports}\np = {_POSITIVE}\nprobe({positive})\nprobe({unknown})\n") == ["pos", None]


SEGMENT_SUM_METHODS = [m for _, row in ROWS if "segment-sum" in row.kinds for m in row.methods]


@pytest.mark.parametrize("method", SEGMENT_SUM_METHODS)
def test_a_segment_sum_into_a_tensor_has_the_sign_it_and_the_values_share(method: str) -> None:
    zeros, src = "numpy.zeros(4)", "numpy.zeros(3, dtype=int), p"
    assert signs(f"import numpy\np = {_POSITIVE}\nprobe(({zeros}).{method}(0, {src}))\n"
                 f"probe(({_POSITIVE}).{method}(0, numpy.zeros(3, dtype=int), u))\n") == ["nonneg", None]


CLAMPS = [(form, spelling, row) for _, row in ROWS if "clamp" in row.kinds
          for form, spelling in [("function", f) for f in row.functions] + [("method", m) for m in row.methods]]


@pytest.mark.parametrize(("form", "spelling", "row"), CLAMPS, ids=[f"{f}:{s}" for f, s, _ in CLAMPS])
def test_a_clamp_with_a_positive_minimum_is_positive(form: str, spelling: str, row: ops.Op) -> None:
    imports, positional = _call(form, spelling, "u", "1e-8")
    keyword = "min" if form == "method" else row.low[1] if row.low else "min"
    _, by_keyword = _call(form, spelling, "u", f"{keyword}=1e-8")
    _, zero = _call(form, spelling, "u", "0.0")
    _, unknown = _call(form, spelling, "u", "v")
    assert signs(f"{imports}\nprobe({positional})\nprobe({by_keyword})\nprobe({zero})\nprobe({unknown})\n") \
        == ["pos", "pos", "nonneg", None]


PRODUCTS = _spellings("matrix-product", without=("contraction",))


@pytest.mark.parametrize(("form", "spelling"), PRODUCTS, ids=_ids(PRODUCTS))
def test_a_matrix_product_of_non_negatives_is_non_negative(form: str, spelling: str) -> None:
    if form == "method":
        imports, known, unknown = "import numpy", f"p.{spelling}(q)", f"p.{spelling}(u)"
    else:
        imports, known, unknown = _IMPORTS[spelling.split(".")[0]], f"{spelling}(p, q)", f"{spelling}(p, u)"
    assert signs(f"{imports}\np = {_POSITIVE}\nq = {_NON_NEGATIVE}\nprobe({known})\nprobe({unknown})\n") \
        == ["nonneg", None]


CONTRACTIONS = _spellings("contraction")


@pytest.mark.parametrize(("form", "spelling"), CONTRACTIONS, ids=_ids(CONTRACTIONS))
def test_an_index_contraction_takes_no_sign(form: str, spelling: str) -> None:
    # einsum's first operand is the subscripts string, tensordot's axes decide what is summed
    imports = _IMPORTS[spelling.split(".")[0]]
    assert signs(f"{imports}\np = {_POSITIVE}\nprobe({spelling}(p, p))\n") == [None]


MAXIMA = _spellings("maximum")


@pytest.mark.parametrize(("form", "spelling"), MAXIMA, ids=_ids(MAXIMA))
def test_an_elementwise_maximum_with_a_positive_is_positive(form: str, spelling: str) -> None:
    imports, call = _call(form, spelling, "u", "1e-8")
    _, unknown = _call(form, spelling, "u", "v")
    assert signs(f"{imports}\nprobe({call})\nprobe({unknown})\n") == ["pos", None]


CONCATS = _spellings("concat")


@pytest.mark.parametrize(("form", "spelling"), CONCATS, ids=_ids(CONCATS))
def test_a_concatenation_has_the_sign_its_parts_share(form: str, spelling: str) -> None:
    imports = _IMPORTS[spelling.split(".")[0]]
    source = f"{imports}\np = {_POSITIVE}\nq = {_NON_NEGATIVE}\nprobe({spelling}([p, p]))\nprobe({spelling}([p, q]))\n" \
             f"probe({spelling}([p, u]))\n"
    assert signs(source) == ["pos", "nonneg", None]


POWERS = _spellings("power")


@pytest.mark.parametrize(("form", "spelling"), POWERS, ids=_ids(POWERS))
def test_an_even_power_is_non_negative(form: str, spelling: str) -> None:
    imports, even = _call(form, spelling, "u", "2")
    _, odd = _call(form, spelling, "u", "3")
    assert signs(f"{imports}\nprobe({even})\nprobe({odd})\n") == ["nonneg", None]


RECIPROCALS = _spellings("reciprocal")


@pytest.mark.parametrize(("form", "spelling"), RECIPROCALS, ids=_ids(RECIPROCALS))
def test_the_reciprocal_of_a_positive_is_positive(form: str, spelling: str) -> None:
    imports, positive = _call(form, spelling, "p")
    _, unknown = _call(form, spelling, "u")
    assert signs(f"{imports}\np = {_POSITIVE}\nprobe({positive})\nprobe({unknown})\n") == ["pos", None]


FILLS = _spellings("fill")


@pytest.mark.parametrize(("form", "spelling"), FILLS, ids=_ids(FILLS))
def test_a_fill_has_its_fill_value_s_sign(form: str, spelling: str) -> None:
    if form == "method":
        imports, positive, negative = "import numpy", f"u.{spelling}((3, 4), 0.5)", f"u.{spelling}((3, 4), -0.5)"
    else:
        imports = _IMPORTS[spelling.split(".")[0]]
        positive, negative = f"{spelling}((3, 4), 0.5)", f"{spelling}((3, 4), -0.5)"
    assert signs(f"{imports}\nprobe({positive})\nprobe({negative})\n") == ["pos", None]


def test_an_exp_in_a_denominator_may_overflow_so_the_quotient_may_be_zero() -> None:
    for _, spelling in [s for s in _spellings("exp") if s[0] == "function"]:
        imports = _IMPORTS[spelling.split(".")[0]]
        assert signs(f"{imports}\nprobe(1.0 / (1.0 + {spelling}(u)))\n") == ["nonneg"], spelling


def test_a_method_is_looked_up_by_its_name_and_a_function_by_its_qualified_name() -> None:
    assert signs("import torch\nfrom mylib import exp\nprobe(exp(u))\nprobe(u.exp())\nprobe(torch.exp(u))\n") \
        == [None, "pos", "pos"]
    assert signs("import tensorflow as tf\nfrom tensorflow.keras import backend as K\n"
                 "probe(tf.compat.v1.exp(u))\nprobe(K.exp(u))\n") == ["pos", "pos"]


def test_a_builtin_the_module_redefines_is_the_module_s_function() -> None:
    for builtin in ("abs", "pow", "len"):
        own = f"def {builtin}(x, *rest):\n    return x - 1\n"
        assert signs(f"{own}probe({builtin}(u, 2))\n") == [None], builtin
        assert signs(f"{builtin} = lambda x, *rest: x - 1\nprobe({builtin}(u, 2))\n") == [None], builtin
    assert signs("probe(abs(u))\nprobe(pow(u, 2))\n") == ["nonneg", "nonneg"]

# -- the draw and initialiser rows, through the initialisation rules ------------------------------

_DRAW_ROWS = [d for library in ops.LIBRARIES for d in getattr(library, "DRAWS", ())]


def _codes(source: str) -> list[str]:
    from gnnlint.rules import builtin_rules
    return sorted(d.code for d in lint_with(textwrap.dedent(source), builtin_rules()))


@pytest.mark.parametrize("row", [d for d in _DRAW_ROWS if d.distribution == "normal" and not d.initialiser],
                         ids=lambda d: d.function)
def test_a_normal_draw_with_a_large_default_spread_is_unscaled_as_a_weight(row: ops.Draw) -> None:
    root = row.function.split(".")[0]
    wrap = {"torch": "torch.nn.Parameter({})", "numpy": "{}", "tensorflow": "tensorflow.Variable({})",
            "keras": "tensorflow.Variable({})"}[root]
    shape = "64, 32" if row.spread is None or row.spread[0] != 2 else "[64, 32]"
    if row.function == "numpy.random.normal":
        shape = "0.0, 1.0, (64, 32)"
    # NumPy draws are weights only in a program with no framework (next to one they are data)
    imports = "import numpy" if root == "numpy" else "import numpy\nimport torch\nimport tensorflow\nimport keras"
    source = f"{imports}\nx = numpy.ones((8, 64))\n" \
             f"W = {wrap.format(f'{row.function}({shape})')}\nh = x @ W\n"
    assert "GNN202" in _codes(source)


@pytest.mark.parametrize("row", [d for d in _DRAW_ROWS if d.distribution == "uniform"], ids=lambda d: d.function)
def test_a_uniform_draw_from_zero_is_all_positive_as_a_weight(row: ops.Draw) -> None:
    root = row.function.split(".")[0]
    if row.initialiser:
        source = f"import torch\nclass L(torch.nn.Module):\n    def __init__(self):\n        super().__init__()\n" \
                 f"        self.w = torch.nn.Parameter(torch.empty(64, 32))\n        {row.function}(self.w, 0.0, 1.0)\n" \
                 f"    def forward(self, x):\n        return x @ self.w\n"
    elif root == "torch":
        source = f"import torch\nW = torch.nn.Parameter({row.function}(64, 32))\n"
    elif root == "tensorflow":
        source = f"import tensorflow\nW = tensorflow.Variable({row.function}([64, 32]))\n"
    else:
        args = "0.0, 1.0, (64, 32)" if row.low is not None else "64, 32" if row.sizes else "(64, 32)"
        source = f"import numpy\nx = numpy.ones((8, 64))\nW = {row.function}({args})\nh = x @ W\n"
    assert "GNN201" in _codes(source)


@pytest.mark.parametrize("row", [d for d in _DRAW_ROWS if d.distribution == "constant" and d.initialiser],
                         ids=lambda d: d.function)
def test_a_constant_initialiser_of_a_weight_matrix_is_reported(row: ops.Draw) -> None:
    value = ", 0.5" if isinstance(row.value, tuple) else ""
    source = f"import torch\nimport torch_geometric.nn.inits\nclass L(torch.nn.Module):\n" \
             f"    def __init__(self):\n        super().__init__()\n" \
             f"        self.w = torch.nn.Parameter(torch.empty(64, 32))\n        {row.function}(self.w{value})\n" \
             f"    def forward(self, x):\n        return x @ self.w\n"
    assert "GNN203" in _codes(source)


@pytest.mark.parametrize("row", [d for d in _DRAW_ROWS if d.distribution == "uninitialised"], ids=lambda d: d.function)
def test_an_uninitialised_allocation_never_set_is_reported(row: ops.Draw) -> None:
    args = "torch.ones(64, 32)" if row.function.endswith("_like") else "64, 32"
    source = f"import torch\nclass L(torch.nn.Module):\n    def __init__(self):\n        super().__init__()\n" \
             f"        self.w = torch.nn.Parameter({row.function}({args}))\n" \
             f"    def forward(self, x):\n        return x @ self.w\n"
    assert "GNN204" in _codes(source)


SPREADS = [("function", f) for _, row in ROWS if row.kinds & {"std", "var"} for f in row.functions]
_VARIANCES = {f for _, row in ROWS if "var" in row.kinds for f in row.functions}


@pytest.mark.parametrize(("form", "spelling"), SPREADS, ids=_ids(SPREADS))
def test_a_std_or_variance_reduction_divides_unguarded_in_a_standardisation(form: str, spelling: str) -> None:
    imports, spread = _call(form, spelling, "x")
    imports += "\nimport scipy.stats" if spelling.startswith("scipy.stats.") else ""
    spread = f"numpy.sqrt({spread})" if spelling in _VARIANCES else spread  # a variance's root is the std
    source = f"{imports}\nimport numpy\nx = numpy.ones((8, 4))\nz = (x - x.mean(0)) / {spread}\n"
    assert "GNN302" in _codes(source)


SQUARES = _spellings("square")


@pytest.mark.parametrize(("form", "spelling"), SQUARES, ids=_ids(SQUARES))
def test_the_root_of_a_row_sum_of_squares_is_a_norm_that_can_be_zero(form: str, spelling: str) -> None:
    imports, square = _call(form, spelling, "h")
    source = f"{imports}\nimport torch\n\ndef unit(h):\n    return h / torch.sqrt(({square}).sum(1, keepdim=True))\n"
    codes = _codes(source)
    # A NumPy square is an array with no gradient: its root's infinite derivative (GNN503) never runs.
    assert codes.count("GNN504") == 1 and ("GNN503" in codes) != spelling.startswith("numpy.")


BOUNDED = _spellings("bounded")


@pytest.mark.parametrize(("form", "spelling"), BOUNDED, ids=_ids(BOUNDED))
def test_the_sigmoid_of_a_bounded_value_never_underflows_so_its_log_is_safe(form: str, spelling: str) -> None:
    imports, bounded = _call(form, spelling, "x")
    source = f"{imports}\nimport torch\n\ndef f(x):\n    s = {bounded}\n    return torch.log(torch.sigmoid(s))\n" \
             "\ndef g(x):\n    return torch.log(torch.sigmoid(x))\n"
    assert _codes(source).count("GNN501") == 1  # only the unbounded logits of g


# -- the tables' consistency ------------------------------------------------------------------------

def test_no_spelling_is_in_two_rows_of_one_library() -> None:
    for library in ops.LIBRARIES:
        functions = [f for row in library.OPS for f in row.functions]
        methods = [m for row in library.OPS for m in row.methods]
        assert len(functions) == len(set(functions)), library.__name__
        assert len(methods) == len(set(methods)), library.__name__
        draws = [d.function for d in getattr(library, "DRAWS", ())]
        assert len(draws) == len(set(draws)), library.__name__


def test_every_row_has_a_spelling_and_a_kind() -> None:
    for _, row in ROWS:
        assert row.functions or row.methods
        assert row.kinds


def test_a_qualified_name_starts_with_its_module_s_library_root() -> None:
    for library in ops.LIBRARIES:
        for row in library.OPS:
            for function in row.functions:
                assert function.split(".")[0] in library.ROOTS, function
                assert ops.normal_name(function) == function, f"{function} is an alias spelling"
        for draw in getattr(library, "DRAWS", ()):
            assert draw.function.split(".")[0] in library.ROOTS, draw.function


def test_a_clamp_says_where_its_lower_bound_is() -> None:
    for _, row in ROWS:
        assert ("clamp" in row.kinds) == (row.low is not None), row


def test_the_lookups_and_derived_sets_equal_the_rows() -> None:
    for _, row in ROWS:
        for function in row.functions:
            assert row.kinds <= ops.of_function(function)
        for method in row.methods:
            assert row.kinds <= ops.of_method(method)
    every_kind = {kind for _, row in ROWS for kind in row.kinds}
    for kind in every_kind:
        assert ops.functions_of(kind) == {f for _, row in ROWS if kind in row.kinds for f in row.functions}
        assert ops.methods_of(kind) == {m for _, row in ROWS if kind in row.kinds for m in row.methods}
    assert ops.MATRIX_PRODUCT_METHODS == {m for _, row in ROWS if "matrix-product" in row.kinds for m in row.methods}
    assert ops.of_function("tensorflow.keras.backend.exp") == ops.of_function("keras.backend.exp")
    assert ops.of_function("jax.numpy.exp") == ops.of_function("numpy.exp")
    assert ops.of_function("mylib.exp") == frozenset() and ops.of_method("no_such_method") == frozenset()


def test_a_sub_kind_only_qualifies_its_kind() -> None:
    for _, row in ROWS:
        if row.kinds & {"sparse", "batched", "contraction"}:
            assert "matrix-product" in row.kinds, row
        if row.kinds & {"softmax", "sigmoid"}:
            assert {"probability", "non-negative"} <= row.kinds, row


# -- the rows against the installed libraries themselves --------------------------------------------

def _resolve(qualified: str) -> object:
    """The object ``qualified`` names in the installed library (AttributeError / ImportError if none)."""
    import importlib
    parts = qualified.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            found: object = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for part in parts[cut:]:
            found = getattr(found, part)
        return found
    raise ImportError(qualified)


# Libraries not installed here (their rows are checked by the programs above only), and spellings
# of other versions than the installed one (TF1's tf.log, Keras 2's keras.backend).
_NOT_INSTALLED = ("dgl", "torch_scatter", "torch_sparse", "builtins")
_OTHER_VERSIONS = ("tensorflow.log", "tensorflow.random_normal", "tensorflow.random_uniform",
                   "tensorflow.truncated_normal", "tensorflow.sparse_tensor_dense_matmul", "tensorflow.segment_sum",
                   "tensorflow.unsorted_segment_sum", "tensorflow.cosh", "tensorflow.bincount", "tensorflow.count_nonzero",
                   "tensorflow.reduce_std", "tensorflow.reduce_variance", "tensorflow.cumsum", "tensorflow.rsqrt",
                   "tensorflow.sparse_matmul",
                   "keras.backend.", "torch.nn.init.normal", "torch.nn.init.uniform", "torch.nn.init.constant",
                   "torch_geometric.nn.conv.gcn_conv.gcn_norm", "spektral.layers.ops.matmul.modal_dot")
_SPELLED = sorted({f for _, row in ROWS for f in row.functions} | {d.function for d in _DRAW_ROWS})


@pytest.mark.parametrize("qualified", _SPELLED)
def test_a_function_spelling_names_a_function_of_its_library(qualified: str) -> None:
    if qualified.startswith(_NOT_INSTALLED) or qualified.startswith(_OTHER_VERSIONS) and qualified not in (
            "tensorflow.random.normal", "tensorflow.random.uniform"):
        pytest.skip("not in the installed versions")
    assert callable(_resolve(qualified))


def _method_owners(library: str) -> tuple[type, ...]:
    import numpy
    import scipy.sparse
    import torch
    return {"torch": (torch.Tensor,), "numpy": (numpy.ndarray, scipy.sparse.csr_matrix)}.get(library, ())


@pytest.mark.parametrize(("library", "method"), [(library, m) for library, row in ROWS if library in ("torch", "numpy")
                                                 for m in row.methods])
def test_a_method_row_names_a_method_of_its_library_s_tensor_type(library: str, method: str) -> None:
    assert any(hasattr(owner, method) for owner in _method_owners(library)), method


def _torch_sign_rows(*kinds: ops.Kind) -> list[tuple[str, str]]:
    return [(form, spelling) for library, row in ROWS if library == "torch" and row.kinds & set(kinds)
            and not row.kinds & {"size", "convert"}
            for form, spelling in [("function", f) for f in row.functions] + [("method", m) for m in row.methods]]


@pytest.mark.parametrize(("form", "spelling"), _torch_sign_rows("positive", "non-negative", *ops.KEEPS_SIGN))
def test_a_torch_row_s_sign_holds_when_it_runs(form: str, spelling: str) -> None:
    """Run the operation on a tensor of mixed signs and one of positive entries: a positive row's
    result is > 0, a non-negative row's >= 0, a sign-keeping row's is positive on positive input."""
    import torch
    row = ops.function_row(spelling) if form == "function" else ops.method_row(spelling)
    assert row is not None
    # positive entries of at least 1: truncating casts (`long()`, `int()`) keep only those positive
    # (of entries in (0, 1) they make 0: a known imprecision of the sign analysis, which lets them keep "pos")
    mixed, positive = torch.randn(4, 5, generator=torch.Generator().manual_seed(0)), torch.rand(4, 5) + 1.0
    size_only = spelling in ("torch.ones", "torch.zeros", "torch.rand", "new_ones", "new_zeros")

    def run(x: torch.Tensor) -> torch.Tensor:
        if form == "method":
            args: tuple[object, ...] = ((2, 3),) if size_only else (0,) if spelling in (
                "index_select", "gather", "take", "narrow", "select", "chunk", "split", "unbind", "topk",
                "repeat", "tile", "expand", "transpose", "permute", "view", "reshape") else ()
            if spelling in ("index_select",):
                args = (0, torch.tensor([0, 2]))
            elif spelling == "gather":
                args = (0, torch.zeros(2, 5, dtype=torch.long))
            elif spelling == "take":
                args = (torch.tensor([0, 3]),)
            elif spelling in ("narrow",):
                args = (0, 0, 2)
            elif spelling == "select":
                args = (0, 1)
            elif spelling in ("chunk", "split"):
                args = (2,)
            elif spelling == "topk":
                args = (2,)
            elif spelling in ("repeat", "tile"):
                args = ((2, 1),)
            elif spelling in ("expand",):
                args = (4, 5)
            elif spelling in ("transpose",):
                args = (0, 1)
            elif spelling == "permute":
                args = (1, 0)
            elif spelling in ("view", "reshape"):
                args = (-1,)
            elif spelling in ("view_as", "expand_as", "type_as"):
                args = (x,)
            elif spelling == "masked_select":
                args = (x > -10,)
            elif spelling == "to":
                args = (torch.float64,)
            elif spelling in ("softmax", "unsqueeze", "unsqueeze_", "cumsum", "logsumexp"):
                args = (0,)
            elif spelling == "broadcast_to":
                args = ((2, 4, 5),)
            elif spelling == "type":
                args = (torch.float64,)
            elif spelling in ("scatter_add", "scatter_add_"):
                args = (0, torch.zeros(4, 5, dtype=torch.long), x)
            elif spelling in ("scatter_reduce", "scatter_reduce_"):
                args = (0, torch.zeros(4, 5, dtype=torch.long), x, "sum")
            elif spelling in ("index_add", "index_add_"):
                args = (0, torch.tensor([0, 0, 1, 1]), x)
            elif spelling == "bincount":
                x = torch.tensor([0, 2, 1])
            elif spelling == "cuda" and not torch.cuda.is_available():
                pytest.skip("no CUDA device here")
            out = getattr(x.clone(), spelling)(*args)
        else:
            function = _resolve(spelling)
            if size_only:
                out = function((2, 3))  # type: ignore[operator]
            elif spelling.endswith("_like") or spelling in ("torch.t", "torch.detach", "torch.clone"):
                out = function(x)  # type: ignore[operator]
            elif spelling in ("torch.nn.functional.one_hot", "torch.bincount"):
                out = function(torch.tensor([0, 2, 1]))  # type: ignore[operator]
            elif spelling in ("torch.index_select",):
                out = function(x, 0, torch.tensor([0, 2]))  # type: ignore[operator]
            elif spelling == "torch.gather":
                out = function(x, 0, torch.zeros(2, 5, dtype=torch.long))  # type: ignore[operator]
            elif spelling == "torch.take":
                out = function(x, torch.tensor([0, 3]))  # type: ignore[operator]
            elif spelling in ("torch.masked_select",):
                out = function(x, x > -10)  # type: ignore[operator]
            elif spelling in ("torch.transpose",):
                out = function(x, 0, 1)  # type: ignore[operator]
            elif spelling in ("torch.permute",):
                out = function(x, (1, 0))  # type: ignore[operator]
            elif spelling in ("torch.reshape", "torch.broadcast_to"):
                out = function(x, (-1,) if spelling == "torch.reshape" else (2, 4, 5))  # type: ignore[operator]
            elif spelling in ("torch.tile",):
                out = function(x, (2, 1))  # type: ignore[operator]
            elif spelling in ("torch.unsqueeze", "torch.cumsum", "torch.softmax", "torch.logsumexp", "torch.nn.functional.softmax",
                              "torch.special.softmax"):
                out = function(x, 0)  # type: ignore[operator]
            elif spelling in ("torch.narrow",):
                out = function(x, 0, 0, 2)  # type: ignore[operator]
            elif spelling in ("torch.select",):
                out = function(x, 0, 1)  # type: ignore[operator]
            elif spelling in ("torch.chunk", "torch.split", "torch.topk"):
                out = function(x, 2)  # type: ignore[operator]
            elif spelling == "torch.scatter_add":
                out = function(x, 0, torch.zeros(4, 5, dtype=torch.long), x)  # type: ignore[operator]
            elif spelling == "torch.scatter_reduce":
                out = function(x, 0, torch.zeros(4, 5, dtype=torch.long), x, "sum")  # type: ignore[operator]
            elif spelling == "torch.index_add":
                out = function(x, 0, torch.tensor([0, 0, 1, 1]), x)  # type: ignore[operator]
            elif spelling in ("torch.cdist", "torch.dist", "torch.nn.functional.pairwise_distance"):
                out = function(x, -x)  # type: ignore[operator]
            else:
                out = function(x)  # type: ignore[operator]
        if isinstance(out, (tuple, list)):
            out = out[0]  # values of (values, indices)
        # a square root is non-negative where it is defined (NaN elsewhere, which no sign describes)
        return torch.nan_to_num(out.float(), nan=0.0)

    if "positive" in row.kinds:
        assert bool((run(mixed) > 0).all())
    elif "non-negative" in row.kinds:
        assert bool((run(mixed) >= 0).all())
    else:
        assert bool((run(positive) > 0).all())


# -- the activation, dropout and normalisation functions and the layer classes, through the model index

def _events(source: str) -> list[tuple[str, str | None, str | None]]:
    """(event kind, layer kind, activation) of every event the model index replays in ``source``."""
    from gnnlint.analysis.models import model_index

    class _Events(Rule):
        code = "TST003"
        name = "probe-events"
        message = "-"
        found: list[tuple[str, str | None, str | None]] = []

        def visit_Module(self, node: cst.Module) -> None:
            """Everything happens in finish()."""

        def finish(self) -> None:
            for _, _, events in model_index(self).all_events():
                _Events.found += [(e.kind, e.layer.kind if e.layer else None, e.act) for e in events]

    lint_with(textwrap.dedent(source), [_Events])
    return list(_Events.found)


def _root_import(qualified: str) -> str:
    return _IMPORTS.get(qualified.split(".")[0], f"import {qualified.split('.')[0]}")


_FUNCTION_LAYERS = {"activation": "act", "dropout": "dropout", "feature-norm": "norm"}
LAYER_FUNCTIONS = [(form, spelling) for form, spelling in _spellings(*_FUNCTION_LAYERS)]


@pytest.mark.parametrize(("form", "spelling"), LAYER_FUNCTIONS, ids=_ids(LAYER_FUNCTIONS))
def test_an_activation_dropout_or_norm_function_is_that_layer_in_a_forward(form: str, spelling: str) -> None:
    row = ops.function_row(spelling) if form == "function" else ops.method_row(spelling)
    assert row is not None
    call = f"x.{spelling}()" if form == "method" else f"{spelling}(x)"
    found = _events(f"{_root_import(spelling) if form == 'function' else 'import torch'}\n"
                    f"def forward(x):\n    return {call}\n")
    if row.act == "linear":
        assert found == []  # the identity is no layer
    elif "activation" in row.kinds:
        assert found == [("act", None, row.act)] or found == [("act", "act", row.act)], found
    elif "dropout" in row.kinds:
        assert found == [("pass", None, None)], found  # its input passes on
    else:
        assert found == [("combine", "norm", None)], found


_LAYER_KINDS = {"activation": "act", "dropout": "dropout", "feature-norm": "norm", "recurrent": "gate",
                "residual": "residual", "jumping-knowledge": "jk", "gated-conv": "layer", "combine": "combine",
                "container": "seq", "layer-list": "list", "model": "model", "dense": "dense", "mlp": "layer"}
_COMBINING = {"feature-norm", "combine", "residual", "jumping-knowledge"}
MODULE_CLASSES = [(c, row) for row in ops.MODULE_ROWS for c in row.classes]


@pytest.mark.parametrize(("qualified", "row"), MODULE_CLASSES, ids=[c for c, _ in MODULE_CLASSES])
def test_a_layer_class_row_is_that_layer_whatever_path_imports_it(qualified: str, row: ops.Module) -> None:
    from gnnlint.analysis.models import classify_qualified
    module, name = qualified.rsplit(".", 1)
    assert classify_qualified(qualified) == (_LAYER_KINDS[row.kind], row.act)
    assert ops.module_row(f"{module}.some.submodule.{name}") == row  # a re-export of the same class
    assert ops.module_row(f"{module}.{name.lower()}") is None or name.lower() == name
    found = _events(f"from {module} import {name} as Made\n"
                    "class Net:\n    def __init__(self):\n        self.first = Made()\n"
                    "    def forward(self, x):\n        return self.first(x)\n")
    layer = _LAYER_KINDS[row.kind]
    expected = {"activation": [("act", layer, row.act)], "dropout": [("pass", None, None)], "layer-list": []}.get(
        row.kind, [("combine" if row.kind in _COMBINING else "apply", layer, None)])
    assert found == expected  # a list of layers is not called; a norm or residual joins what it is given


NORMING_STACKS = [(c, row) for c, row in MODULE_CLASSES if row.norm_unless_none is not None]


@pytest.mark.parametrize(("qualified", "row"), NORMING_STACKS, ids=[c for c, _ in NORMING_STACKS])
def test_a_stack_that_norms_between_its_layers_keeps_a_convolution_from_counting(qualified: str, row: ops.Module) -> None:
    """The row's keyword is a parameter of the class, and a convolution whose update network is the
    stack counts towards a deep stack only when that keyword is None."""
    import inspect
    from gnnlint.rules.deep_propagation_stack import DeepPropagationStack
    if not qualified.startswith(_NOT_INSTALLED):
        assert row.norm_unless_none in inspect.signature(_resolve(qualified)).parameters
    module, name = qualified.rsplit(".", 1)
    source = (f"import torch\nfrom {module} import {name} as Stack\nfrom torch_geometric.nn import GINConv\n"
              "class Net(torch.nn.Module):\n    def __init__(self):\n        super().__init__()\n"
              "        self.convs = torch.nn.ModuleList([GINConv(Stack([8, 8]{extra})) for _ in range(6)])\n"
              "    def forward(self, x, e):\n        for conv in self.convs:\n            x = conv(x, e)\n"
              "        return x\n")
    assert lint_with(source.format(extra=""), [DeepPropagationStack]) == []
    assert len(lint_with(source.format(extra=f", {row.norm_unless_none}=None"), [DeepPropagationStack])) == 1


def test_every_layer_kind_has_its_meaning_in_the_model_index() -> None:
    assert {row.kind for row in ops.MODULE_ROWS} == set(_LAYER_KINDS)
    for _, row in ROWS:
        assert ("activation" in row.kinds) == (row.act is not None), row


def test_a_layer_class_is_in_one_row() -> None:
    keys = [(c.split(".")[0], c.rsplit(".", 1)[-1]) for row in ops.MODULE_ROWS for c in row.classes]
    assert len(keys) == len(set(keys))
    for library in ops.LIBRARIES:
        for row in getattr(library, "MODULES", ()):
            for c in row.classes:
                assert c.split(".")[0] in library.ROOTS and ops.normal_name(c) == c, c


def test_keras_activation_strings_and_selections_read_the_rows() -> None:
    from gnnlint.analysis.models import _selects_first_operand
    assert _selects_first_operand("tensorflow.gather") and _selects_first_operand("tensorflow.compat.v1.boolean_mask")
    assert _selects_first_operand("torch.permute") and _selects_first_operand("tensorflow.nn.embedding_lookup")
    assert not _selects_first_operand("torch.topk")  # (values, indices)
    assert not _selects_first_operand("torch.nn.functional.embedding")  # its first operand is the indices
    found = _events("import keras\ndef call(x):\n    return keras.layers.Dense(4, activation='ELU')(x)\n")
    assert ("apply", "layer", "elu") in found or ("apply", "dense", "elu") in found, found


# Classes of other versions than the installed ones (TF1's tf.layers and tf.nn.rnn_cell are in tf.compat.v1).
_MODULES_ELSEWHERE = {"tensorflow.": "tensorflow.compat.v1.", "keras.models.Functional": "keras.src.models.functional.Functional"}


@pytest.mark.parametrize("qualified", sorted(c for c, _ in MODULE_CLASSES))
def test_a_layer_class_row_names_a_class_of_its_library(qualified: str) -> None:
    if qualified.startswith(_NOT_INSTALLED):
        pytest.skip("not installed here")
    for prefix, installed in _MODULES_ELSEWHERE.items():
        if qualified.startswith(prefix):
            qualified = installed + qualified[len(prefix):]
    assert isinstance(_resolve(qualified), type), qualified


# -- rows the division rules read -----------------------------------------------------------------

def _division_findings(imports: str, body: str) -> list[str]:
    from gnnlint.rules.unguarded_division import UnguardedDivision
    return [d.code for d in lint_with(imports + "\n" + textwrap.dedent(body), [UnguardedDivision])]


WHERES = sorted(ops.functions_of("where"))


@pytest.mark.parametrize("spelling", WHERES)
def test_a_where_row_picking_one_or_zero_by_a_test_is_an_indicator(spelling: str) -> None:
    """``where(t, 1., 0.)``: 0 wherever the test fails, so a sum weighted by it is 0 when none passes."""
    body = f"""
        def weight(values, scores):
            weighted = values * {spelling}(scores > 0.5, 1.0, 0.0)
            return weighted / weighted.sum()
        """
    assert _division_findings(_IMPORTS[spelling.split(".")[0]], body) == ["GNN504"]


# Conversions whose first operand is the data itself (torch.sparse_coo_tensor's is its indices).
CONVERTS = sorted(ops.functions_of("convert") - {"torch.sparse_coo_tensor"})


@pytest.mark.parametrize("spelling", CONVERTS)
def test_a_convert_row_keeps_an_indicator_written_entry_by_entry(spelling: str) -> None:
    body = f"""
        def weight(values, kept, items):
            weighted = values * {spelling}([1.0 if i in kept else 0.0 for i in items])
            return weighted / weighted.sum()
        """
    assert _division_findings(_IMPORTS[spelling.split(".")[0]], body) == ["GNN504"]


DGL_MESSAGES = [(divide, copy) for divide in sorted(ops.functions_of("edge-over-node"))
                for copy in sorted(ops.functions_of("copies-edge"))]


@pytest.mark.parametrize(("divide", "copy"), DGL_MESSAGES)
def test_dgl_message_rows_make_a_hand_written_edge_softmax(divide: str, copy: str) -> None:
    """exp on the edges, copied and summed onto the nodes, divided back: GNN506, whichever spelling."""
    from gnnlint.rules.unstable_manual_softmax import UnstableManualSoftmax
    [total] = sorted(ops.functions_of("sums-messages"))
    source = textwrap.dedent(f"""\
        import dgl
        import torch


        def attend(g, score):
            g.edata["x"] = torch.exp(score(g.edata["s"]))
            g.update_all({copy}("x", "m"), {total}("m", "att"))
            g.apply_edges({divide}("x", "att", "a"))
        """)
    assert [d.code for d in lint_with(source, [UnstableManualSoftmax])] == ["GNN506"]


# -- the numerics guards and constants read from the rows --------------------------------------------

class _Guards(Rule):
    """Records, for each ``probe(...)`` argument: (a floor guard, a ceiling guard, its constant fill)."""

    code = "TST003"
    name = "probe-guards"
    message = "-"
    found: list[tuple[bool, bool, float | None]] = []

    def visit_Call(self, node: cst.Call) -> None:
        from gnnlint.analysis.numerics import constant_fill, guard_call
        if isinstance(node.func, cst.Name) and node.func.value == "probe":
            value = node.args[0].value
            fill = constant_fill(self.facts, value) if isinstance(value, cst.Call) else None
            _Guards.found.append((guard_call(self.facts, value), guard_call(self.facts, value, ceiling=True), fill))


def _guards(source: str) -> list[tuple[bool, bool, float | None]]:
    _Guards.found.clear()
    lint_with(textwrap.dedent(source), [_Guards])
    return list(_Guards.found)


NAN_TO_NUMS = _spellings("nan-to-num")


@pytest.mark.parametrize(("form", "spelling"), NAN_TO_NUMS, ids=_ids(NAN_TO_NUMS))
def test_nan_to_num_guards_both_ways(form: str, spelling: str) -> None:
    call = f"x.{spelling}()" if form == "method" else f"{spelling}(x)"
    imports = "import torch" if form == "method" else _IMPORTS[spelling.split(".")[0]]
    assert _guards(f"{imports}\nprobe({call})\n") == [(True, True, None)]


CONSTANTS = [d for d in _DRAW_ROWS if d.distribution == "constant" and not d.initialiser]


@pytest.mark.parametrize("row", CONSTANTS, ids=lambda d: d.function)
def test_a_constant_draw_holds_its_value(row: ops.Draw) -> None:
    imports = _IMPORTS[row.function.split(".")[0]]
    assert _guards(f"{imports}\nprobe({row.function}((3, 4)))\n") == [(False, False, row.value)]


def test_a_project_function_named_like_a_constant_is_no_constant() -> None:
    assert _guards("from utils import ones\nprobe(ones((3, 4)))\n") == [(False, False, None)]


def test_a_clamp_guards_a_log_from_below_and_an_exp_from_above() -> None:
    assert _guards("""
        import torch
        import numpy as np
        probe(torch.clamp(p, min=1e-8))
        probe(p.clamp(max=50.0))
        probe(p.clamp(-10, 10))
        probe(np.maximum(p, 0))
        probe(np.clip(p, None, 30))
        probe(torch.minimum(p, q))
    """) == [(True, False, None), (False, True, None), (False, True, None), (False, False, None),
             (False, True, None), (False, True, None)]


SIZED_ALLOCATIONS = [f for _, row in ROWS if "allocation" in row.kinds and "shaped-like" not in row.kinds
                     for f in row.functions]
SHAPED_ALLOCATIONS = [f for _, row in ROWS if {"allocation", "shaped-like"} <= row.kinds for f in row.functions]


@pytest.mark.parametrize("spelling", SIZED_ALLOCATIONS)
def test_a_sized_allocation_filled_at_edge_pairs_is_a_dense_adjacency(spelling: str) -> None:
    """``zeros((n, n))`` / ``empty((n, n))`` of any library, written at (source, target) pairs over a
    whole input graph: a dense adjacency (GNN106), by the allocation kind of its row."""
    source = _IMPORTS[spelling.split(".")[0]] + "\n" + textwrap.dedent(f"""
        import torch
        class Pool(torch.nn.Module):
            def forward(self, x, edge_index, weights):
                row, col = edge_index
                dense = {spelling}((x.shape[0], x.shape[0]))
                dense[row, col] = weights
                return dense @ x
    """)
    assert "GNN106" in _codes(source)


@pytest.mark.parametrize("spelling", SHAPED_ALLOCATIONS)
def test_an_allocation_shaped_like_its_operand_is_not_a_new_square_matrix(spelling: str) -> None:
    """``zeros_like(x)`` takes its operand's shape, which the allocation does not say is n x n."""
    source = _IMPORTS[spelling.split(".")[0]] + "\n" + textwrap.dedent(f"""
        import torch
        class Pool(torch.nn.Module):
            def forward(self, x, edge_index, weights):
                row, col = edge_index
                dense = {spelling}(x)
                dense[row, col] = weights
                return dense @ x
    """)
    assert "GNN106" not in _codes(source)


@pytest.mark.parametrize("qualified", sorted(ops.functions_of("identity")))
def test_an_identity_row_makes_a_matrix_that_is_not_all_zero(qualified: str) -> None:
    """GNN504 reads the norm of an identity row's result as never 0: a constant, not data."""
    import numpy
    made = _resolve(qualified)(3)  # type: ignore[operator]
    assert numpy.abs(numpy.asarray(made)).sum() > 0
