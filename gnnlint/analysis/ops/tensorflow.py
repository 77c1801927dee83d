"""TensorFlow and Keras: ``tensorflow``, ``tensorflow.math``, ``tensorflow.nn``, ``tensorflow.linalg``,
``tensorflow.sparse``, ``tensorflow.random``, ``keras.ops``, ``keras.backend``, ``keras.activations``.
``tensorflow.compat.v1``, ``tensorflow.keras``, ``tf_keras`` and ``keras.src`` spell the same
functions (:data:`gnnlint.analysis.ops.ALIASES`). TF tensors have almost no methods of their own."""

from __future__ import annotations

from gnnlint.analysis.ops._rows import Draw, Segment, act, module, op

ROOTS = ("tensorflow", "keras")

OPS = (
    # positive results
    op("tensorflow.exp tensorflow.math.exp keras.ops.exp keras.backend.exp", "", "positive", "exp"),
    op("tensorflow.nn.softplus tensorflow.math.softplus keras.activations.softplus keras.ops.softplus "
       "keras.backend.softplus", "", "positive", "activation", act="other"),
    op("tensorflow.math.cosh tensorflow.cosh", "", "positive"),
    op("tensorflow.ones keras.ops.ones keras.backend.ones", "", "positive"),
    op("tensorflow.ones_like keras.ops.ones_like keras.backend.ones_like", "", "positive", "shaped-like"),
    op("tensorflow.size", "", "positive", "size"),
    # non-negative results
    op("tensorflow.abs tensorflow.math.abs keras.ops.abs keras.ops.absolute keras.backend.abs", "",
       "non-negative"),
    op("tensorflow.square tensorflow.math.square keras.ops.square keras.backend.square", "", "non-negative",
       "square"),
    op("tensorflow.sqrt tensorflow.math.sqrt keras.ops.sqrt keras.backend.sqrt", "", "non-negative", "sqrt"),
    op("tensorflow.norm tensorflow.linalg.norm keras.ops.norm", "", "non-negative", "norm"),
    op("tensorflow.math.reduce_euclidean_norm", "", "non-negative", "norm"),
    op("tensorflow.nn.relu keras.activations.relu keras.ops.relu keras.backend.relu", "", "non-negative", "activation",
       act="relu"),
    op("tensorflow.nn.relu6 keras.activations.relu6 keras.ops.relu6", "", "non-negative", "activation", act="other"),
    op("tensorflow.one_hot keras.ops.one_hot keras.backend.one_hot", "", "non-negative"),
    op("tensorflow.math.bincount tensorflow.bincount", "", "non-negative"),
    op("tensorflow.math.count_nonzero tensorflow.count_nonzero", "", "non-negative"),
    op("tensorflow.zeros keras.ops.zeros keras.backend.zeros", "", "non-negative", "allocation"),
    op("tensorflow.eye", "", "identity"),
    op("tensorflow.zeros_like keras.ops.zeros_like keras.backend.zeros_like", "", "non-negative", "shaped-like",
       "allocation"),
    op("tensorflow.sigmoid tensorflow.nn.sigmoid tensorflow.math.sigmoid keras.activations.sigmoid keras.ops.sigmoid "
       "keras.backend.sigmoid", "", "non-negative", "probability", "sigmoid", "activation", act="sigmoid"),
    op("tensorflow.nn.softmax tensorflow.math.softmax keras.activations.softmax keras.ops.softmax "
       "keras.backend.softmax", "", "non-negative", "probability", "softmax", "activation", act="softmax"),
    # keep the values of their operand
    op("tensorflow.reshape keras.ops.reshape keras.backend.reshape", "", "reshape"),
    op("tensorflow.squeeze keras.ops.squeeze keras.backend.squeeze", "", "reshape"),
    op("tensorflow.expand_dims keras.ops.expand_dims keras.backend.expand_dims", "", "reshape"),
    op("tensorflow.tile keras.ops.tile keras.backend.tile", "", "expand"),
    op("tensorflow.broadcast_to keras.ops.broadcast_to", "", "expand"),
    op("tensorflow.transpose tensorflow.linalg.matrix_transpose keras.ops.transpose keras.backend.transpose", "",
       "transpose"),
    op("tensorflow.cast keras.ops.cast keras.backend.cast", "", "cast"),
    op("", "numpy", "convert"),
    op("tensorflow.constant tensorflow.convert_to_tensor keras.ops.convert_to_tensor", "", "convert"),
    op("tensorflow.gather keras.ops.take keras.backend.gather", "", "select", "lookup"),
    op("tensorflow.nn.embedding_lookup", "", "lookup"),
    op("tensorflow.sort keras.ops.sort", "", "select"),
    op("tensorflow.boolean_mask", "", "select"),
    # reductions
    op("tensorflow.reduce_sum tensorflow.math.reduce_sum keras.ops.sum keras.backend.sum", "", "sum"),
    op("tensorflow.reduce_mean tensorflow.math.reduce_mean keras.ops.mean keras.backend.mean", "", "mean"),
    op("tensorflow.reduce_max tensorflow.math.reduce_max keras.ops.max keras.backend.max", "", "max"),
    op("tensorflow.reduce_min tensorflow.math.reduce_min keras.ops.min keras.backend.min", "", "min"),
    op("tensorflow.reduce_logsumexp tensorflow.math.reduce_logsumexp keras.ops.logsumexp", "", "max"),
    op("tensorflow.math.reduce_std tensorflow.reduce_std keras.ops.std keras.backend.std", "", "std"),
    op("tensorflow.math.reduce_variance tensorflow.reduce_variance keras.ops.var keras.backend.var", "", "var"),
    op("tensorflow.math.cumsum tensorflow.cumsum keras.ops.cumsum", "", "cumsum"),
    op("tensorflow.math.segment_sum tensorflow.segment_sum", "", "segment-sum",
       segment=Segment((0, "data"), (1, "segment_ids"))),
    op("tensorflow.math.unsorted_segment_sum tensorflow.unsorted_segment_sum", "", "segment-sum",
       segment=Segment((0, "data"), (1, "segment_ids"))),
    # elementwise
    op("tensorflow.math.log tensorflow.log keras.ops.log keras.backend.log", "", "log"),
    op("tensorflow.pow tensorflow.math.pow keras.ops.power keras.backend.pow", "", "power"),
    op("tensorflow.math.reciprocal keras.ops.reciprocal", "", "reciprocal"),
    op("tensorflow.math.rsqrt tensorflow.rsqrt keras.ops.rsqrt", "", "reciprocal", "sqrt"),
    op("tensorflow.clip_by_value", "", "clamp", low=(1, "clip_value_min")),
    op("keras.ops.clip", "", "clamp", low=(1, "x_min")),
    op("keras.backend.clip", "", "clamp", low=(1, "min_value")),
    op("tensorflow.maximum tensorflow.math.maximum keras.ops.maximum keras.backend.maximum", "", "maximum"),
    op("tensorflow.minimum tensorflow.math.minimum keras.ops.minimum keras.backend.minimum", "", "minimum"),
    op("tensorflow.concat keras.ops.concatenate keras.backend.concatenate", "", "concat"),
    op("tensorflow.stack keras.ops.stack keras.backend.stack", "", "concat"),
    op("keras.layers.concatenate", "", "concat"),
    op("tensorflow.add tensorflow.math.add keras.ops.add keras.layers.add", "", "add"),
    op("tensorflow.add_n tensorflow.math.add_n", "", "add"),
    op("keras.layers.average", "", "average"),
    # products
    op("tensorflow.matmul tensorflow.linalg.matmul keras.ops.matmul", "", "matrix-product"),
    op("keras.backend.dot keras.ops.dot", "", "matrix-product"),
    op("tensorflow.sparse.sparse_dense_matmul tensorflow.sparse_tensor_dense_matmul", "", "matrix-product", "sparse"),
    op("tensorflow.sparse_matmul", "", "matrix-product"),  # dense operands; a_is_sparse is a hint
    op("tensorflow.einsum tensorflow.tensordot keras.ops.einsum keras.ops.tensordot", "", "matrix-product",
       "contraction"),
    op("tensorflow.multiply tensorflow.math.multiply keras.ops.multiply", "", "elementwise-product"),
    op("tensorflow.where keras.ops.where", "", "where"),
    op("tensorflow.fill keras.ops.full", "", "fill"),
    # activations (the ones with a sign are above)
    act("tensorflow.tanh tensorflow.nn.tanh tensorflow.math.tanh keras.activations.tanh keras.ops.tanh "
        "keras.backend.tanh", "", "tanh", "bounded"),
    op("tensorflow.sin tensorflow.math.sin tensorflow.cos tensorflow.math.cos keras.ops.sin keras.ops.cos", "",
       "bounded"),
    act("tensorflow.nn.log_softmax tensorflow.math.log_softmax keras.activations.log_softmax keras.ops.log_softmax", "",
        "log_softmax"),
    act("tensorflow.nn.leaky_relu keras.activations.leaky_relu keras.ops.leaky_relu", "", "leaky_relu"),
    act("tensorflow.nn.elu keras.activations.elu keras.ops.elu keras.backend.elu", "", "elu"),
    act("tensorflow.nn.gelu keras.activations.gelu keras.ops.gelu", "", "other"),
    act("tensorflow.nn.selu keras.activations.selu keras.ops.selu", "", "other"),
    act("tensorflow.nn.silu tensorflow.nn.swish keras.activations.silu keras.activations.swish keras.ops.silu "
        "keras.ops.swish", "", "other"),
    act("tensorflow.nn.softsign tensorflow.math.softsign keras.activations.softsign keras.ops.softsign "
        "keras.backend.softsign", "", "other"),
    act("keras.activations.hard_sigmoid keras.ops.hard_sigmoid keras.backend.hard_sigmoid", "", "other"),
    act("keras.activations.mish", "", "other"),
    act("keras.activations.celu keras.ops.celu", "", "other"),
    act("keras.activations.linear", "", "linear"),
    # layers written as functions
    op("tensorflow.nn.dropout keras.backend.dropout keras.random.dropout", "", "dropout"),
    op("tensorflow.nn.l2_normalize tensorflow.math.l2_normalize keras.backend.l2_normalize", "", "feature-norm"),
    op("keras.ops.normalize keras.utils.normalize", "", "feature-norm"),
)

# Keras layer classes (``keras.layers``, ``keras.models``), by what they are to the architecture rules.
MODULES = (
    module("keras.layers.ReLU", "activation", "relu"),
    module("keras.layers.LeakyReLU", "activation", "leaky_relu"),
    module("keras.layers.ELU", "activation", "elu"),
    module("keras.layers.Softmax", "activation", "softmax"),
    module("keras.layers.PReLU", "activation", "other"),
    module("keras.layers.Activation", "activation"),  # which one is its argument
    module("keras.layers.Dropout keras.layers.AlphaDropout keras.layers.GaussianDropout keras.layers.SpatialDropout1D "
           "keras.layers.SpatialDropout2D keras.layers.SpatialDropout3D", "dropout"),
    module("keras.layers.BatchNormalization keras.layers.LayerNormalization keras.layers.GroupNormalization "
           "keras.layers.UnitNormalization keras.layers.RMSNormalization keras.layers.SpectralNormalization "
           "keras.layers.Normalization", "feature-norm"),
    module("keras.layers.GRU keras.layers.LSTM keras.layers.RNN keras.layers.GRUCell keras.layers.LSTMCell "
           "keras.layers.SimpleRNN keras.layers.SimpleRNNCell keras.layers.ConvLSTM1D keras.layers.ConvLSTM2D "
           "keras.layers.Bidirectional", "recurrent"),
    module("keras.layers.Add keras.layers.Concatenate keras.layers.Average", "combine"),
    module("keras.Sequential", "container"),
    module("keras.Model keras.models.Functional", "model"),
    module("keras.layers.Dense keras.layers.EinsumDense", "dense"),
    # TF1's own layers and cells (``tf.layers``, ``tf.nn.rnn_cell``; ``tf.compat.v1`` in TF2)
    module("tensorflow.layers.Dropout", "dropout"),
    module("tensorflow.layers.BatchNormalization", "feature-norm"),
    module("tensorflow.nn.rnn_cell.GRUCell tensorflow.nn.rnn_cell.LSTMCell tensorflow.nn.rnn_cell.RNNCell", "recurrent"),
    module("tensorflow.layers.Dense", "dense"),
)

DRAWS = (
    Draw("tensorflow.ones", "constant", value=1.0, fan_in_first=True),
    Draw("tensorflow.ones_like", "constant", value=1.0),
    Draw("keras.ops.ones", "constant", value=1.0, fan_in_first=True),
    Draw("keras.ops.ones_like", "constant", value=1.0),
    Draw("keras.backend.ones", "constant", value=1.0, fan_in_first=True),
    Draw("keras.backend.ones_like", "constant", value=1.0),
    Draw("tensorflow.random.normal", "normal", spread=(2, "stddev"), default=1.0, fan_in_first=True),
    Draw("tensorflow.random_normal", "normal", spread=(2, "stddev"), default=1.0, fan_in_first=True),
    Draw("tensorflow.random.truncated_normal", "normal", spread=(2, "stddev"), default=1.0, fan_in_first=True),
    Draw("tensorflow.truncated_normal", "normal", spread=(2, "stddev"), default=1.0, fan_in_first=True),
    Draw("keras.random.normal", "normal", spread=(2, "stddev"), default=1.0, fan_in_first=True),
    Draw("tensorflow.random.uniform", "uniform", low=(1, "minval"), high=(2, "maxval"), default_low=0.0,
         default_high=1.0, fan_in_first=True),
    Draw("tensorflow.random_uniform", "uniform", low=(1, "minval"), high=(2, "maxval"), default_low=0.0,
         default_high=1.0, fan_in_first=True),
)

# Keras initializer classes by the key `params.keras_initializer` gives them (the class name
# lower-cased, without underscores: RandomNormal, random_normal, random_normal_initializer).
KERAS_INITIALIZERS = {
    "randomnormal": "normal", "truncatednormal": "normal", "normal": "normal",
    "randomuniform": "uniform", "uniform": "uniform",
    "zeros": "constant", "ones": "constant", "constant": "constant",
}
KERAS_CONSTANTS: dict[str, float | None] = {"zeros": 0.0, "ones": 1.0, "constant": None}  # None: its `value`
