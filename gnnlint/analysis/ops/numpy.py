"""NumPy and SciPy: ``numpy``, ``numpy.linalg``, ``numpy.random``, ``scipy.special``, ``scipy.sparse``,
and the methods of ``numpy.ndarray`` and of SciPy's sparse matrices. ``jax.numpy`` and ``cupy``
spell NumPy's functions (:data:`gnnlint.analysis.ops.ALIASES`)."""

from __future__ import annotations

from gnnlint.analysis.ops._rows import Draw, op

ROOTS = ("numpy", "scipy")

OPS = (
    # positive results
    op("numpy.exp", "", "positive", "exp"),
    op("numpy.exp2", "", "positive", "exp"),
    op("numpy.cosh", "", "positive"),
    op("numpy.sin numpy.cos numpy.tanh", "", "bounded"),
    op("numpy.ones", "", "positive"),
    op("numpy.ones_like", "", "positive", "shaped-like"),
    op("numpy.size", "", "positive", "size"),
    # non-negative results
    op("numpy.abs numpy.absolute numpy.fabs", "", "non-negative"),
    op("numpy.square", "", "non-negative", "square"),
    op("numpy.sqrt", "sqrt", "non-negative", "sqrt"),
    op("numpy.linalg.norm scipy.linalg.norm scipy.sparse.linalg.norm", "", "non-negative", "norm"),
    op("numpy.bincount", "", "non-negative"),
    op("numpy.count_nonzero", "count_nonzero", "non-negative"),
    op("numpy.zeros", "", "non-negative", "allocation"),
    op("numpy.eye numpy.identity", "", "identity"),
    op("numpy.zeros_like", "", "non-negative", "shaped-like", "allocation"),
    op("numpy.empty", "", "allocation"),
    op("numpy.random.rand", "", "non-negative"),
    op("scipy.special.expit", "", "non-negative", "probability", "sigmoid"),
    op("scipy.special.softmax", "", "non-negative", "probability", "softmax"),
    op("scipy.spatial.distance.cdist scipy.spatial.distance.pdist", "", "non-negative", "distance"),
    # keep the values of their operand
    op("numpy.reshape", "reshape", "reshape"),
    op("numpy.squeeze", "squeeze", "reshape"),
    op("numpy.expand_dims", "", "reshape"),
    op("numpy.ravel", "ravel flatten", "reshape"),
    op("numpy.tile", "", "expand"),
    op("numpy.repeat", "repeat", "expand"),
    op("numpy.broadcast_to", "", "expand"),
    op("numpy.transpose", "transpose", "transpose"),
    op("", "astype", "cast"),
    op("numpy.copy", "copy", "copy"),
    op("numpy.array numpy.asarray", "item", "convert"),
    op("scipy.sparse.csr_matrix scipy.sparse.coo_matrix scipy.sparse.csc_matrix", "tocsr tocoo tocsc tolil todense toarray",
       "convert"),
    op("numpy.take", "take", "select"),
    op("numpy.sort", "sort", "select"),
    # reductions
    op("numpy.sum", "sum", "sum"),
    op("numpy.nansum", "", "sum"),
    op("numpy.mean", "mean", "mean"),
    op("numpy.nanmean", "", "mean"),
    op("numpy.cumsum", "cumsum", "cumsum"),
    op("numpy.max numpy.amax", "max", "max"),
    op("numpy.nanmax", "", "max"),
    op("numpy.min numpy.amin", "min", "min"),
    op("numpy.median", "", "median"),
    op("numpy.std numpy.nanstd", "std", "std"),
    op("numpy.var numpy.nanvar", "var", "var"),
    op("scipy.stats.tstd", "", "std"),  # the trimmed std: 0 for a constant input, like numpy.std
    op("scipy.stats.tvar", "", "var"),
    op("scipy.special.logsumexp", "", "max"),
    # elementwise
    op("numpy.log numpy.log2 numpy.log10", "", "log"),  # log1p(0) = 0: not a log of 0
    op("numpy.power numpy.float_power", "power", "power"),
    op("numpy.reciprocal", "", "reciprocal"),
    op("numpy.clip", "clip", "clamp", low=(1, "a_min")),
    op("numpy.maximum numpy.fmax", "maximum", "maximum"),
    op("numpy.minimum", "minimum", "minimum"),
    op("numpy.full", "", "fill"),
    op("numpy.full_like", "", "fill", "shaped-like"),
    op("numpy.empty_like", "", "shaped-like", "allocation"),
    op("numpy.concatenate numpy.stack numpy.hstack numpy.vstack", "", "concat"),
    op("scipy.sparse.hstack scipy.sparse.vstack", "", "concat"),
    # products
    op("numpy.matmul", "", "matrix-product"),
    op("numpy.dot", "dot", "matrix-product"),
    op("numpy.einsum numpy.tensordot", "", "matrix-product", "contraction"),
    op("numpy.multiply", "multiply", "elementwise-product"),
    op("numpy.where", "", "where"),
    op("numpy.nan_to_num", "", "nan-to-num"),
)

DRAWS = (
    Draw("numpy.ones", "constant", value=1.0),
    Draw("numpy.ones_like", "constant", value=1.0),
    Draw("numpy.random.randn", "normal", default=1.0, fan_in_first=True, sizes=True),
    Draw("numpy.random.standard_normal", "normal", default=1.0, fan_in_first=True),
    Draw("numpy.random.normal", "normal", spread=(1, "scale"), default=1.0, fan_in_first=True),
    Draw("numpy.random.rand", "uniform", default_low=0.0, default_high=1.0, sizes=True),
    Draw("numpy.random.random", "uniform", default_low=0.0, default_high=1.0),
    Draw("numpy.random.random_sample", "uniform", default_low=0.0, default_high=1.0),
    Draw("numpy.random.uniform", "uniform", low=(0, "low"), high=(1, "high"), default_low=0.0, default_high=1.0,
         fan_in_first=True),
)
