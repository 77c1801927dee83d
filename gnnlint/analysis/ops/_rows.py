"""The row types of the framework tables (:mod:`gnnlint.analysis.ops`).

An :class:`Op` says what one library operation does to the abstract properties of its result,
in its function spellings (qualified names, as :meth:`Facts.call_name` resolves them) and its
method spellings (bare method names on the library's tensor or array type). A :class:`Draw` says
how a random draw or an initialiser spreads the values it makes. Rows are written with :func:`op`
and :func:`draw`, one operation per line.
"""

from __future__ import annotations

from typing import Literal, NamedTuple

Kind = Literal[
    # the sign of the result
    "positive",          # every entry > 0 (exp, softplus, ones, sizes)
    "non-negative",      # every entry >= 0 (abs, square, relu, norms, counts, probabilities)
    "probability",       # entries in [0, 1]
    "softmax",           # a softmax: probabilities that sum to 1 along an axis
    "sigmoid",           # a logistic sigmoid
    "bounded",           # every entry in [-1, 1] (tanh, a cosine similarity, sin, cos)
    # operations that keep the values of their (first) operand
    "reshape",           # the same values in another shape (view, reshape, squeeze, flatten, expand_dims)
    "expand",            # the same values repeated (expand, repeat, tile, broadcast_to)
    "transpose",         # the same values with the axes swapped (t, transpose, permute)
    "cast",              # the same values in another dtype (float, astype, tf.cast)
    "device",            # the same values on another device (to, cuda, cpu)
    "copy",              # the same values, copied or detached (clone, detach, contiguous)
    "convert",           # the same values in another container (np.array, torch.tensor, .numpy(), .item())
    "view",              # the result shares the operand's memory: setting it sets the operand
    "select",            # some entries of the operand (gather, index_select, sort, topk, masked_select)
    "lookup",            # rows of a table picked by index (embedding, index_select, gather)
    "indices-first",     # ... whose first operand is the indices, the table second (F.embedding)
    # reductions
    "sum", "mean", "max", "min", "median", "cumsum", "norm", "std", "var", "segment-sum",
    # elementwise functions
    "log", "exp", "sqrt", "power", "reciprocal",
    "square",            # the elementwise square of its operand (square): 0 exactly where the operand is
    "clamp",             # bounded below by its `low` argument (clamp, clip, clip_by_value)
    "maximum",           # the elementwise maximum of its operands
    "minimum",           # the elementwise minimum of its operands
    "nan-to-num",        # replaces NaN and infinities by finite numbers (nan_to_num)
    "where",             # picks each entry from its second or third operand by its first (a condition)
    "fill",              # every entry set to its fill value (full, full_like, new_full)
    "shaped-like",       # a new tensor in the shape of its operand (zeros_like, rand_like)
    "allocation",        # a new tensor whose entries the code sets afterwards (zeros, empty, zeros_like)
    "identity",          # the identity matrix (eye): a constant, never all zero
    "size",              # a size or count of dimensions
    # products
    "matrix-product",    # sum of products of entries: a propagation when one side is a graph
    "sparse",            # ... whose left operand is (or may be) a sparse matrix
    "batched",           # ... over a batch of matrices (bmm)
    "contraction",       # a general index contraction (einsum, tensordot): operand roles not fixed
    "layer",             # applies a layer's weights to an input (linear, conv1d): a product, not a propagation
    "elementwise-product",
    "distance",          # distances between the rows of two operands
    "concat",            # its operands joined along an axis
    "add",               # the elementwise sum of its operands (torch.add, tf.add_n, keras.layers.add)
    "average",           # the elementwise mean of its operands (keras.layers.average)
    # layers written as functions
    "activation",        # an activation function: which one is the row's `act`
    "dropout",           # zeroes entries (or edges) at random while training
    "feature-norm",      # normalises features (batch_norm, layer_norm, F.normalize, l2_normalize)
    "with-indices",      # returns (values, indices): its result is not its operand's values
    # graph operations
    "self-loops",        # adds self-loops: every node has in-degree at least 1
    "normalises",        # returns a normalised propagation matrix or normalised features
    "degree",            # node degrees of a graph (counts, may be 0)
    # DGL built-in message and reduce functions: they name fields, they compute nothing themselves
    "edge-over-node",    # a message that divides an edge field by a node field (e_div_v)
    "copies-edge",       # a message that copies an edge field (copy_e)
    "sums-messages",     # a reducer that sums the messages into a node field (dgl.function.sum)
    # parameters
    "initialiser",       # sets the values of the tensor passed to it, in place
]


Arg = tuple[int | None, str | None]  # (position, keyword) of an argument


class Segment(NamedTuple):
    """Where a segment sum's arguments sit, in its function form (``torch.index_add(input, dim,
    index, source)``); a method form's receiver is that form's argument 0, so each positional
    argument of ``x.index_add_(dim, index, source)`` sits one place earlier."""

    summed: Arg                       # the values added up per segment
    ids: Arg                          # the index: the segment (node) of each value
    reduce: Arg | None = None         # the reduction chosen, where one is ("sum" unless it says otherwise)


class Op(NamedTuple):
    """One operation of one library."""

    functions: tuple[str, ...]        # qualified spellings (aliases of one function)
    methods: tuple[str, ...]          # method names on the library's tensor/array type
    kinds: frozenset[Kind]
    # Where a clamp's lower bound is: (position, keyword) in the function form. Every method form
    # (torch's x.clamp, numpy's ndarray.clip) takes it first, as ``min``: values.Signs reads it there.
    low: tuple[int, str] | None = None
    # An activation row: which activation (relu, leaky_relu, elu, tanh, sigmoid, softmax,
    # log_softmax, linear, or other: one the architecture rules do not tell apart).
    act: str | None = None
    # A segment sum ("segment-sum"): where its values, index and reduction sit.
    segment: Segment | None = None


def op(functions: str, methods: str, *kinds: Kind, low: tuple[int, str] | None = None, act: str | None = None,
       segment: Segment | None = None) -> Op:
    """A row: space-separated function spellings and method names, then the kinds."""
    return Op(tuple(functions.split()), tuple(methods.split()), frozenset(kinds), low, act, segment)


def act(functions: str, methods: str, which: str, *kinds: Kind) -> Op:
    """An activation function's row: its spellings, which activation it is, and its other kinds."""
    return op(functions, methods, "activation", *kinds, act=which)


ModuleKind = Literal[
    "activation",        # an activation layer: which one is the row's `act` (None: its argument says)
    "dropout",           # drops entries at random while training
    "feature-norm",      # normalises node features (BatchNorm, LayerNorm, PairNorm)
    "recurrent",         # a recurrent cell or gated update (GRU, LSTM, GatedGraphConv)
    "residual",          # its update adds its input back (GCN2Conv, DeepGCNLayer)
    "jumping-knowledge", # combines the outputs of every layer of a stack
    "gated-conv",        # a graph convolution whose update is gated: not a plain propagation
    "combine",           # merges several inputs (keras.layers.Add, Concatenate)
    "container",         # applies its layers in order (Sequential)
    "layer-list",        # holds layers to be applied by the caller (ModuleList)
    "model",             # a whole model (keras.Model)
    "dense",             # a fully connected layer (Linear, Dense)
    "mlp",               # a stack of dense layers with activations between them (PyG's MLP)
]


class Module(NamedTuple):
    """One layer class of one library, by what it does to the architecture rules. Looked up by
    its library and class name: a class is re-exported at several paths (``torch.nn.ReLU``,
    ``torch.nn.modules.activation.ReLU``)."""

    classes: tuple[str, ...]          # qualified spellings, one class each
    kind: ModuleKind
    act: str | None = None            # activation layers: which one (as in Op.act)
    # A stack that puts a feature normalisation between its own layers unless this keyword
    # argument is given as None (PyG's MLP: `norm="batch_norm"` by default).
    norm_unless_none: str | None = None


def module(classes: str, kind: ModuleKind, act: str | None = None, norm_unless_none: str | None = None) -> Module:
    """A row: space-separated class spellings, then what they are."""
    return Module(tuple(classes.split()), kind, act, norm_unless_none)


Distribution = Literal["normal", "uniform", "constant", "uninitialised"]


class Draw(NamedTuple):
    """A call that makes (a draw, a factory) or sets (an initialiser) a tensor's values."""

    function: str                              # the qualified name
    distribution: Distribution
    spread: Arg | None = None                  # normal: where the standard deviation is
    default: float | None = None               # normal: the default standard deviation
    low: Arg | None = None                     # uniform: where the bounds are ...
    high: Arg | None = None
    default_low: float | None = None           # ... and their defaults
    default_high: float | None = None
    # constant: where the value is, or the value itself when the name says it (zeros_, ones_)
    value: tuple[int, str] | float | None = None
    # the shape's first dimension is the fan-in by the library's convention (TF, NumPy: [in, out])
    fan_in_first: bool = False
    initialiser: bool = False                  # sets the tensor passed to it (nn.init.*_), in place
    sizes: bool = False                        # its positional arguments are the sizes of the result
    only_sized: bool = False                   # uninitialised only when given sizes (`torch.Tensor(n, m)`)
