"""PyTorch: ``torch``, ``torch.nn.functional``, ``torch.special``, ``torch.linalg``, ``torch.sparse``,
``torch.nn.init`` and the methods of ``torch.Tensor``."""

from __future__ import annotations

from gnnlint.analysis.ops._rows import Draw, Segment, act, module, op

ROOTS = ("torch",)

OPS = (
    # positive results
    op("torch.exp", "exp exp_", "positive", "exp"),
    op("torch.exp2 torch.special.exp2", "exp2", "positive", "exp"),
    op("torch.nn.functional.softplus", "", "positive", "activation", act="other"),
    op("torch.cosh", "cosh", "positive"),
    op("torch.ones", "new_ones", "positive"),
    op("torch.ones_like", "", "positive", "shaped-like"),
    op("torch.numel", "size numel dim", "positive", "size"),
    # non-negative results
    op("torch.abs torch.absolute", "abs absolute", "non-negative"),
    op("torch.square", "square", "non-negative", "square"),
    op("torch.sqrt", "sqrt sqrt_", "non-negative", "sqrt"),
    op("torch.norm torch.linalg.norm", "norm", "non-negative", "norm"),
    op("torch.linalg.vector_norm", "", "non-negative", "norm"),
    op("torch.relu torch.relu_ torch.nn.functional.relu torch.nn.functional.relu_", "relu relu_", "non-negative",
       "activation", act="relu"),
    op("torch.nn.functional.relu6", "", "non-negative", "activation", act="other"),
    op("torch.nn.functional.one_hot", "", "non-negative"),
    op("torch.bincount", "bincount", "non-negative"),
    op("torch.count_nonzero", "count_nonzero", "non-negative"),
    op("torch.histc", "histc", "non-negative"),
    op("torch.zeros", "new_zeros", "non-negative", "allocation"),
    op("torch.eye", "", "identity"),
    op("torch.zeros_like", "", "non-negative", "shaped-like", "allocation"),
    op("torch.empty", "new_empty", "allocation"),
    op("torch.rand", "", "non-negative"),
    op("torch.rand_like", "", "non-negative", "shaped-like"),
    op("torch.sigmoid torch.sigmoid_ torch.nn.functional.sigmoid torch.special.expit", "sigmoid sigmoid_",
       "non-negative", "probability", "sigmoid", "activation", act="sigmoid"),
    op("torch.softmax torch.nn.functional.softmax torch.special.softmax", "softmax", "non-negative", "probability",
       "softmax", "activation", act="softmax"),
    op("torch.cdist torch.dist torch.pdist torch.nn.functional.pairwise_distance", "", "non-negative", "distance"),
    op("", "bool", "non-negative", "cast"),
    # keep the values of their operand
    op("torch.reshape", "reshape view view_as", "reshape", "view"),
    op("torch.unsqueeze", "unsqueeze", "reshape", "view"),
    op("torch.squeeze", "squeeze", "reshape", "view"),
    op("", "unsqueeze_ squeeze_", "reshape"),
    op("torch.flatten", "flatten", "reshape", "view"),
    op("", "ravel", "reshape"),
    op("", "expand expand_as", "expand"),
    op("torch.tile", "repeat tile", "expand"),
    op("torch.broadcast_to", "broadcast_to", "expand"),
    op("torch.t torch.transpose torch.permute", "t transpose permute", "transpose", "view"),
    op("", "float double half long int type type_as", "cast"),
    op("", "to", "cast", "device"),
    op("", "cuda cpu", "device"),
    op("torch.clone", "clone contiguous", "copy"),
    op("torch.detach", "detach", "copy", "view"),
    op("", "requires_grad_", "copy"),
    op("torch.tensor torch.as_tensor torch.from_numpy torch.sparse_coo_tensor", "numpy item values coalesce",
       "convert"),
    op("torch.narrow torch.select torch.chunk torch.split torch.unbind", "narrow select chunk split unbind", "view"),
    op("torch.index_select", "index_select", "select", "lookup"),
    op("torch.gather", "gather", "select", "lookup"),
    op("torch.take", "take", "select"),
    op("torch.masked_select", "masked_select", "select"),
    op("torch.sort", "sort", "select", "with-indices"),
    op("torch.topk", "topk", "select", "with-indices"),
    op("torch.nn.functional.embedding", "", "lookup", "indices-first"),
    # reductions
    op("torch.sum", "sum", "sum"),
    op("torch.nansum", "nansum", "sum"),
    op("torch.mean", "mean", "mean"),
    op("torch.nanmean", "nanmean", "mean"),
    op("torch.cumsum", "cumsum", "cumsum"),
    op("torch.max torch.amax", "max amax", "max"),
    op("torch.min torch.amin", "min amin", "min"),
    op("torch.median", "median", "median"),
    op("torch.std", "std", "std"),
    op("torch.var", "var", "var"),
    op("torch.logsumexp", "logsumexp", "max"),
    # into the receiver (or the function form's input), (dim, index, src): sums per segment (scatter_reduce
    # sums only with reduce="sum"); the sign is what the receiver and src share
    op("torch.scatter_add", "scatter_add scatter_add_", "segment-sum", segment=Segment((3, "src"), (2, "index"))),
    op("torch.scatter_reduce", "scatter_reduce scatter_reduce_", "segment-sum",
       segment=Segment((3, "src"), (2, "index"), (4, "reduce"))),
    op("torch.index_add", "index_add index_add_", "segment-sum", segment=Segment((3, "source"), (2, "index"))),
    # elementwise
    op("torch.log torch.log2 torch.log10", "log log2 log10", "log"),
    op("torch.pow torch.float_power", "pow float_power", "power"),
    op("torch.reciprocal", "reciprocal", "reciprocal"),
    op("torch.rsqrt", "rsqrt", "reciprocal", "sqrt"),
    op("torch.clamp torch.clip", "clamp clip clamp_ clip_", "clamp", low=(1, "min")),
    op("torch.clamp_min", "clamp_min clamp_min_", "clamp", low=(1, "min")),
    op("torch.maximum torch.fmax", "maximum fmax", "maximum"),
    op("torch.minimum", "minimum", "minimum"),
    op("torch.full", "new_full", "fill"),
    op("torch.full_like", "", "fill", "shaped-like"),
    op("torch.empty_like torch.randn_like", "", "shaped-like"),
    op("torch.cat torch.concat torch.concatenate torch.stack torch.hstack torch.vstack", "", "concat"),
    op("torch.add", "", "add"),
    # products
    op("torch.matmul torch.mm", "matmul mm", "matrix-product"),
    op("torch.bmm", "bmm", "matrix-product", "batched"),
    op("torch.dot", "dot", "matrix-product"),
    op("torch.spmm torch.sparse.mm", "", "matrix-product", "sparse"),
    op("torch.einsum", "", "matrix-product", "contraction"),
    op("torch.tensordot", "", "matrix-product", "contraction"),
    op("torch.nn.functional.linear", "", "layer"),
    op("torch.nn.functional.conv1d torch.nn.functional.conv2d", "", "layer"),
    op("torch.mul torch.multiply", "mul mul_ multiply", "elementwise-product"),
    op("torch.where", "", "where"),
    op("torch.nan_to_num", "nan_to_num nan_to_num_", "nan-to-num"),  # the method x.where(condition, y) takes its operands in another order
    # activations (the ones with a sign are above)
    act("torch.tanh torch.tanh_ torch.nn.functional.tanh", "tanh tanh_", "tanh", "bounded"),
    op("torch.nn.functional.cosine_similarity torch.cosine_similarity", "", "bounded"),
    op("torch.sin torch.cos", "sin cos", "bounded"),
    act("torch.log_softmax torch.nn.functional.log_softmax torch.special.log_softmax", "log_softmax", "log_softmax"),
    act("torch.nn.functional.leaky_relu torch.nn.functional.leaky_relu_", "", "leaky_relu"),
    act("torch.nn.functional.elu torch.nn.functional.elu_", "", "elu"),
    act("torch.nn.functional.gelu", "", "other"),
    act("torch.selu torch.selu_ torch.nn.functional.selu torch.nn.functional.selu_", "", "other"),
    act("torch.celu torch.celu_ torch.nn.functional.celu torch.nn.functional.celu_", "", "other"),
    act("torch.prelu torch.nn.functional.prelu", "prelu", "other"),
    act("torch.nn.functional.silu", "", "other"),
    act("torch.nn.functional.mish", "", "other"),
    act("torch.nn.functional.softsign", "", "other"),
    # layers written as functions
    op("torch.dropout torch.nn.functional.dropout", "", "dropout"),
    op("torch.batch_norm torch.nn.functional.batch_norm", "", "feature-norm"),
    op("torch.layer_norm torch.nn.functional.layer_norm", "", "feature-norm"),
    op("torch.group_norm torch.nn.functional.group_norm", "", "feature-norm"),
    op("torch.instance_norm torch.nn.functional.instance_norm", "", "feature-norm"),
    op("torch.nn.functional.normalize", "", "feature-norm"),
)

# Layer classes (``torch.nn``), by what they are to the architecture rules.
MODULES = (
    module("torch.nn.ReLU", "activation", "relu"),
    module("torch.nn.LeakyReLU", "activation", "leaky_relu"),
    module("torch.nn.ELU", "activation", "elu"),
    module("torch.nn.Tanh", "activation", "tanh"),
    module("torch.nn.Sigmoid", "activation", "sigmoid"),
    module("torch.nn.Softmax", "activation", "softmax"),
    module("torch.nn.LogSoftmax", "activation", "log_softmax"),
    module("torch.nn.GELU torch.nn.SELU torch.nn.PReLU torch.nn.ReLU6 torch.nn.Softplus torch.nn.SiLU torch.nn.Mish "
           "torch.nn.Hardtanh torch.nn.Softsign torch.nn.Hardsigmoid torch.nn.CELU torch.nn.Tanhshrink", "activation",
           "other"),
    module("torch.nn.Dropout torch.nn.Dropout1d torch.nn.Dropout2d torch.nn.Dropout3d torch.nn.AlphaDropout", "dropout"),
    module("torch.nn.BatchNorm1d torch.nn.BatchNorm2d torch.nn.BatchNorm3d torch.nn.LazyBatchNorm1d "
           "torch.nn.LazyBatchNorm2d torch.nn.LazyBatchNorm3d torch.nn.SyncBatchNorm torch.nn.LayerNorm "
           "torch.nn.GroupNorm torch.nn.InstanceNorm1d torch.nn.InstanceNorm2d torch.nn.InstanceNorm3d "
           "torch.nn.LazyInstanceNorm1d torch.nn.LazyInstanceNorm2d torch.nn.LazyInstanceNorm3d "
           "torch.nn.LocalResponseNorm torch.nn.RMSNorm", "feature-norm"),
    module("torch.nn.GRU torch.nn.LSTM torch.nn.RNN torch.nn.GRUCell torch.nn.LSTMCell torch.nn.RNNCell", "recurrent"),
    module("torch.nn.Sequential", "container"),
    module("torch.nn.ModuleList", "layer-list"),
    module("torch.nn.Linear torch.nn.Bilinear torch.nn.LazyLinear", "dense"),
)

# Every function of these modules sets the values of the tensor passed to it.
INITIALISER_MODULES = ("torch.nn.init.",)

DRAWS = (
    Draw("torch.randn", "normal", default=1.0, sizes=True),
    Draw("torch.rand", "uniform", default_low=0.0, default_high=1.0, sizes=True),
    Draw("torch.zeros", "constant", value=0.0, sizes=True),
    Draw("torch.ones", "constant", value=1.0, sizes=True),
    Draw("torch.ones_like", "constant", value=1.0),
    Draw("torch.empty", "uninitialised", sizes=True),
    Draw("torch.empty_like", "uninitialised"),  # its argument is a tensor, not sizes
    *(Draw(f"torch.{name}", "uninitialised", sizes=True, only_sized=True)
      for name in ("Tensor", "FloatTensor", "DoubleTensor", "HalfTensor", "cuda.FloatTensor")),
    Draw("torch.nn.init.normal_", "normal", spread=(2, "std"), default=1.0, initialiser=True),
    Draw("torch.nn.init.normal", "normal", spread=(2, "std"), default=1.0, initialiser=True),
    Draw("torch.nn.init.trunc_normal_", "normal", spread=(2, "std"), default=1.0, initialiser=True),
    Draw("torch.nn.init.uniform_", "uniform", low=(1, "a"), high=(2, "b"), default_low=0.0, default_high=1.0,
         initialiser=True),
    Draw("torch.nn.init.uniform", "uniform", low=(1, "a"), high=(2, "b"), default_low=0.0, default_high=1.0,
         initialiser=True),
    Draw("torch.nn.init.zeros_", "constant", value=0.0, initialiser=True),
    Draw("torch.nn.init.ones_", "constant", value=1.0, initialiser=True),
    Draw("torch.nn.init.constant_", "constant", value=(1, "val"), initialiser=True),
    Draw("torch.nn.init.constant", "constant", value=(1, "val"), initialiser=True),
)
