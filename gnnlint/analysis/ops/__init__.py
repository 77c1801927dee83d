"""Framework semantics as data: one table per library of what each operation does to the abstract
properties the analysis tracks (its sign, whether it keeps its operand's values, which reduction or
product it is, whether it adds self-loops or normalises). Adding a library function is adding a
row to its library's module, not changing a rule.

Functions are looked up by their qualified name, as :meth:`Facts.call_name` resolves it
(``F.softmax`` -> ``torch.nn.functional.softmax``), after the prefixes in :data:`ALIASES` are
rewritten (``tensorflow.keras.`` -> ``keras.``). Methods are looked up by their bare name: the
receiver's library is usually not known (``x.sum()``), so a method name means what any library's
tensor or array type says it means (the kinds are the union over the libraries). The indexes are
built once at import; lookups are dict reads.
"""

from __future__ import annotations

from collections.abc import Iterable

from gnnlint.analysis.ops import dgl, numpy, pyg, python, spektral, tensorflow, torch
from gnnlint.analysis.ops._rows import Arg, Draw, Kind, Module, ModuleKind, Op, Segment

__all__ = ["Arg", "Draw", "Kind", "Module", "ModuleKind", "Op", "Segment", "LIBRARIES", "of_function", "of_method", "draw", "functions_of",
           "methods_of", "module_row"]

# library module -> its rows, for the tests and for the derived sets
LIBRARIES = (torch, numpy, tensorflow, pyg, dgl, spektral, python)

# Other spellings of the same functions, rewritten before a lookup.
ALIASES = (
    ("tensorflow.compat.v1.", "tensorflow."), ("tensorflow.compat.v2.", "tensorflow."),
    ("tensorflow.python.keras.", "keras."), ("tensorflow.keras.", "keras."), ("tf_keras.", "keras."),
    ("keras.src.", "keras."), ("keras._tf_keras.keras.", "keras."), ("jax.numpy.", "numpy."), ("cupy.", "numpy."),
)

_NOTHING: frozenset[Kind] = frozenset()


def _index(rows: Iterable[Op], form: str) -> dict[str, frozenset[Kind]]:
    index: dict[str, frozenset[Kind]] = {}
    for row in rows:
        for spelling in (row.functions if form == "function" else row.methods):
            index[spelling] = index.get(spelling, _NOTHING) | row.kinds
    return index


_ROWS: tuple[Op, ...] = tuple(row for library in LIBRARIES for row in library.OPS)
_FUNCTIONS = _index(_ROWS, "function")
_METHODS = _index(_ROWS, "method")
_FUNCTION_ROWS = {spelling: row for row in _ROWS for spelling in row.functions}
_METHOD_ROWS: dict[str, Op] = {}
for _row in _ROWS:
    for _spelling in _row.methods:
        _METHOD_ROWS.setdefault(_spelling, _row)
_DRAWS: dict[str, Draw] = {d.function: d for library in LIBRARIES for d in getattr(library, "DRAWS", ())}


def _module_key(qualified: str) -> tuple[str, str]:
    """(library root, class name): a class is the same whatever path re-exports it."""
    name = normal_name(qualified)
    return name.split(".", 1)[0], name.rsplit(".", 1)[-1]


MODULE_ROWS: tuple[Module, ...] = tuple(row for library in LIBRARIES for row in getattr(library, "MODULES", ()))


def normal_name(qualified: str) -> str:
    """``tensorflow.keras.backend.exp`` -> ``keras.backend.exp``: the spelling the tables use."""
    for prefix, replacement in ALIASES:
        if qualified.startswith(prefix):
            return replacement + qualified[len(prefix):]
    return qualified


_MODULES = {_module_key(c): row for row in MODULE_ROWS for c in row.classes}


def of_function(qualified: str | None) -> frozenset[Kind]:
    """The kinds of the library function ``qualified`` (empty when no table has it)."""
    if qualified is None:
        return _NOTHING
    return _FUNCTIONS.get(qualified) or _FUNCTIONS.get(normal_name(qualified), _NOTHING)


def of_method(method: str | None) -> frozenset[Kind]:
    """The kinds of a method called on a value of unknown library (the union over the libraries)."""
    return _NOTHING if method is None else _METHODS.get(method, _NOTHING)


def function_row(qualified: str | None) -> Op | None:
    if qualified is None:
        return None
    return _FUNCTION_ROWS.get(qualified) or _FUNCTION_ROWS.get(normal_name(qualified))


def method_row(method: str | None) -> Op | None:
    """The first library's row for a method name (for its arguments, such as a clamp's ``low``)."""
    return None if method is None else _METHOD_ROWS.get(method)


def module_row(qualified: str | None) -> Module | None:
    """The layer-class row of ``qualified`` (``torch.nn.modules.activation.ReLU`` -> torch's ReLU)."""
    if qualified is None:
        return None
    return _MODULES.get(_module_key(qualified))


def activation_of(qualified: str | None) -> str | None:
    """Which activation the library function or layer class ``qualified`` is (None: not one)."""
    row = function_row(qualified)
    if row is not None and "activation" in row.kinds:
        return row.act
    module = module_row(qualified)
    return module.act if module is not None and module.kind == "activation" else None


def draw(qualified: str | None) -> Draw | None:
    """The draw or initialiser row of ``qualified``."""
    if qualified is None:
        return None
    return _DRAWS.get(qualified) or _DRAWS.get(normal_name(qualified))


def functions_of(*kinds: Kind, without: Iterable[Kind] = ()) -> frozenset[str]:
    """The qualified names of the rows that have any of ``kinds`` and none of ``without``."""
    excluded = frozenset(without)
    return frozenset(s for row in _ROWS if row.kinds & set(kinds) and not row.kinds & excluded for s in row.functions)


def methods_of(*kinds: Kind, without: Iterable[Kind] = ()) -> frozenset[str]:
    """The method names of the rows that have any of ``kinds`` and none of ``without``."""
    excluded = frozenset(without)
    return frozenset(s for row in _ROWS if row.kinds & set(kinds) and not row.kinds & excluded for s in row.methods)


def draws(*distributions: str, initialiser: bool | None = None) -> tuple[Draw, ...]:
    """The draw rows of these distributions (initialisers only, none, or both when None)."""
    return tuple(d for d in _DRAWS.values() if d.distribution in distributions
                 and (initialiser is None or d.initialiser == initialiser))


# -- named sets derived from the rows, for consumers that need a set -----------------------------

# Values keep their operand's values in another shape, type, place or container.
KEEPS_VALUES: tuple[Kind, ...] = ("reshape", "expand", "transpose", "cast", "device", "copy", "convert")
# ... and the sign of their operand: those, the entries picked out of it, and sums, means and
# extremes of its entries.
KEEPS_SIGN: tuple[Kind, ...] = (*KEEPS_VALUES, "select", "sum", "mean", "max", "min", "median", "cumsum",
                                "segment-sum")
MATRIX_PRODUCT_METHODS = methods_of("matrix-product")
MATRIX_PRODUCT_FUNCTIONS = functions_of("matrix-product")
SPARSE_PRODUCT_FUNCTIONS = functions_of("sparse")
# Modules of initialisers: a tensor passed to any of their functions has its values set, not used.
INITIALISER_MODULES: tuple[str, ...] = tuple(m for library in LIBRARIES for m in getattr(library, "INITIALISER_MODULES", ()))
# Tensor methods that divide their receiver by their argument (torch; `_` forms in place).
DIVIDE_METHODS = frozenset({"div", "div_", "divide", "divide_", "true_divide", "true_divide_"})
