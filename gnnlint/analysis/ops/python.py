"""Python itself: the builtins (spelled ``builtins.<name>``) and ``math``."""

from __future__ import annotations

from gnnlint.analysis.ops._rows import op

ROOTS = ("builtins", "math")

OPS = (
    op("math.exp", "", "positive", "exp"),
    op("math.cosh", "", "positive"),
    op("builtins.len", "", "positive", "size"),
    op("builtins.abs math.fabs", "", "non-negative"),
    op("math.sqrt", "", "non-negative", "sqrt"),
    op("builtins.float builtins.int", "", "cast"),
    op("builtins.sum math.fsum", "", "sum"),
    op("builtins.max", "", "max"),
    op("builtins.min", "", "min"),
    op("math.log math.log2 math.log10", "", "log"),
    op("builtins.pow math.pow", "", "power"),
)
