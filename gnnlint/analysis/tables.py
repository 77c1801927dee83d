"""A class picked from a literal table, the model an option chooses: ``{"gcn": GCN, "gin": GIN}[args.model]``,
``MODELS.get(name)``, ``[GIN, GCN][int(sys.argv[2])]``, or a name bound to such a table. One reader for every
analysis that follows a model to its class (the graph facts, the training scan, the output-activation
rule); each maps the entries to classes of its own kind."""

from __future__ import annotations

from collections.abc import Callable

import libcst as cst

from gnnlint.analysis.scopes import number


def table_entries(pick: cst.BaseExpression,
                  held: Callable[[cst.Name], cst.BaseExpression | None]) -> list[cst.BaseExpression]:
    """The entries ``pick`` may give when it reads a literal table of classes: ``T[k]``, or ``T.get(k)``
    for a dict, with ``T`` a literal or a name ``held`` gives one for (its one assigned value). A literal
    key or index picks its entry; any other (an option, a loop) may pick each, as the arms of an ``if``
    may. Empty unless every entry names a class (a name or a dotted name: a table of values is not one)."""
    if isinstance(pick, cst.Call) and isinstance(pick.func, cst.Attribute) and pick.func.attr.value == "get" \
            and pick.args:
        table, key = pick.func.value, pick.args[0].value
    elif isinstance(pick, cst.Subscript) and len(pick.slice) == 1 and isinstance(pick.slice[0].slice, cst.Index):
        table, key = pick.value, pick.slice[0].slice.value
    else:
        return []
    if isinstance(table, cst.Name):
        table = held(table) or table
    if isinstance(table, cst.Dict) and all(isinstance(e, cst.DictElement) for e in table.elements):
        pairs = [(_literal(e.key), e.value) for e in table.elements if isinstance(e, cst.DictElement)]
        wanted = _literal(key)
        literal = wanted is not None and all(k is not None for k, _v in pairs)  # then it picks its entry only
        entries = [v for k, v in pairs if k == wanted] if literal else [v for _k, v in pairs]
        default = pick.args[1].value if isinstance(pick, cst.Call) and len(pick.args) > 1 else None
        if default is not None and not (literal and entries) and not _is_none(default):
            entries.append(default)  # `T.get(k, default)`: what a key not in the table gives
    elif isinstance(table, (cst.List, cst.Tuple)) and isinstance(pick, cst.Subscript):
        entries = [e.value for e in table.elements if not isinstance(e, cst.StarredElement)]
        if len(entries) < len(table.elements):
            return []
        index = number(key)
        if index is not None:
            fits = index == int(index) and -len(entries) <= index < len(entries)
            entries = [entries[int(index)]] if fits else []
    else:
        return []
    return entries if entries and all(isinstance(e, (cst.Name, cst.Attribute)) for e in entries) else []


def _literal(expr: cst.BaseExpression | None) -> str | bytes | float | None:
    """A string or number literal key, as Python compares it (``1`` and ``1.0`` pick one entry)."""
    if isinstance(expr, cst.SimpleString):
        return expr.evaluated_value
    return number(expr)


def _is_none(expr: cst.BaseExpression) -> bool:
    return isinstance(expr, cst.Name) and expr.value == "None"  # as `.get(k)` gives: nothing is called
