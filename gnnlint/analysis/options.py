"""Command-line options: what a run without flags gets.

Scripts set model sizes, aggregations and clipping through ``argparse``: ``parser.add_argument(
'--num_layers', type=int, default=64)`` and later ``Net(args.num_layers)``. The defaults are the
values a plain run uses, so depth (GNN401, GNN603), the model a string option names (``eval(
args.model)``) and Lightning's ``gradient_clip_val`` are read from them. This module is the one
reader of ``add_argument`` calls; the callers decide which calls (the file's own, or the
project's command line as it reaches the file) they read.
"""

from __future__ import annotations

from collections.abc import Iterable

import libcst as cst

from gnnlint.analysis.graph import Scope
from gnnlint.analysis.passed import passed_arguments
from gnnlint.analysis.scopes import argument, dotted_name, number
from gnnlint.cst_walk import descendants

# The methods of an ``argparse.ArgumentParser`` that return the parsed namespace (the second
# returns it as the first element of a pair, with the arguments it did not know).
_PARSES = ("parse_args", "parse_known_args")
# How many assignments, returns and calls a namespace is followed through.
_MAX_HOPS = 16


def add_argument_calls(tree: cst.CSTNode) -> list[cst.Call]:
    """Every ``<parser>.add_argument(...)`` call in ``tree``, in source order."""
    return [node for node in descendants(tree)
            if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute)
            and node.func.attr.value == "add_argument"]


def option_dest(call: cst.Call) -> str | None:
    """The attribute an ``add_argument`` call sets on the parsed namespace, as argparse names it:
    ``dest=`` if given, else the first long flag (``-l, --num-layers`` -> ``num_layers``), else the
    first flag, with its dashes dropped."""
    dest = argument(call, None, "dest")
    if isinstance(dest, cst.SimpleString):
        return _text(dest)
    flags = [text for arg in call.args if arg.keyword is None and isinstance(arg.value, cst.SimpleString)
             and (text := _text(arg.value)) is not None]
    chosen = next((flag for flag in flags if flag.startswith("--")), flags[0] if flags else None)
    return chosen.lstrip("-").replace("-", "_") if chosen is not None else None


def _text(string: cst.SimpleString) -> str | None:
    """The string's value, or None for a text Python would reject (a bad escape libcst accepts)."""
    try:
        value = string.evaluated_value
    except (SyntaxError, ValueError):
        return None
    return value if isinstance(value, str) else None


def option_default(call: cst.Call) -> cst.BaseExpression | None:
    """The ``default=`` an ``add_argument`` call gives, as written."""
    return argument(call, None, "default")


def numeric_defaults(calls: Iterable[cst.Call]) -> dict[str, float]:
    """``dest -> default`` of each option with a literal number default; a later call for the same
    option wins (the file's own parser, listed last, over the project's)."""
    found: dict[str, float] = {}
    for call in calls:
        dest, default = option_dest(call), number(option_default(call))
        if dest is not None and default is not None:
            found[dest] = default
    return found


def string_defaults(calls: Iterable[cst.Call]) -> dict[str, cst.SimpleString]:
    """``dest -> default`` of each option with a literal string default; a later call wins."""
    found: dict[str, cst.SimpleString] = {}
    for call in calls:
        dest, default = option_dest(call), option_default(call)
        if dest is not None and isinstance(default, cst.SimpleString):
            found[dest] = default
    return found


def agreed(calls: Iterable[cst.Call]) -> list[cst.Call]:
    """One call per option, leaving out options that two parsers give different defaults: a
    project with several entry scripts may set one option differently in each."""
    by_dest: dict[str, list[cst.Call]] = {}
    for call in calls:
        dest = option_dest(call)
        if dest is not None:
            by_dest.setdefault(dest, []).append(call)
    return [first for first, *others in by_dest.values()
            if all(_same_default(first, other) for other in others)]


def _same_default(one: cst.Call, other: cst.Call) -> bool:
    first, second = option_default(one), option_default(other)
    return first is None and second is None or (
        first is not None and second is not None and first.deep_equals(second))


def holds_parsed_namespace(expr: cst.BaseExpression, scope: Scope, at: int, hops: int = 0) -> bool:
    """Whether ``expr``, read at statement ``at`` of ``scope``, holds the namespace a parser's
    ``parse_args()`` (or ``parse_known_args()[0]``) returns, so that ``expr.option`` is the option's
    command-line value: built by that call, returned by a project function that builds it, or a
    parameter that every call of its function passes such a value. Decided by where the value
    comes from, never by what it is called."""
    graph = scope.graph
    if graph is None or hops > _MAX_HOPS:
        return False
    if isinstance(expr, cst.Call):
        if _parses(expr, scope) and expr.func.attr.value == "parse_args":  # type: ignore[attr-defined]
            return True
        function = graph.function_for(expr, scope, at)
        return function is not None and bool(function.returns) and all(
            holds_parsed_namespace(value, function, order, hops + 1) for value, order in function.returns)
    if isinstance(expr, cst.Subscript):  # parser.parse_known_args()[0]
        return isinstance(expr.value, cst.Call) and _parses(expr.value, scope) and len(expr.slice) == 1 \
            and isinstance(expr.slice[0].slice, cst.Index) and number(expr.slice[0].slice.value) == 0
    name = dotted_name(expr)
    if name is None or graph.facts.qualified_name(expr) is not None:
        return False
    store, home = graph.lookup(name, scope, at)
    if store is None or home is None:
        return False
    where = store.where or home
    if store.kind == "assign" and store.value is not None:
        return holds_parsed_namespace(store.value, where, store.order, hops + 1)
    if store.kind == "unpack" and store.index == 0 and isinstance(store.value, cst.Call):
        return _parses(store.value, where)  # args, unknown = parser.parse_known_args()
    if store.kind == "param" and home.kind == "function":
        passed = passed_arguments(home, name)
        return bool(passed) and all(holds_parsed_namespace(value, caller, order, hops + 1)
                                    for value, caller, order in passed)
    return False


def _parses(call: cst.Call, scope: Scope) -> bool:
    """``<parser>.parse_args(...)`` or ``.parse_known_args(...)`` of argparse (or of a parser the
    imports do not name: a parser built in the file)."""
    if not isinstance(call.func, cst.Attribute) or call.func.attr.value not in _PARSES or scope.graph is None:
        return False
    qualified = scope.graph.facts.qualified_name(call.func)
    return qualified is None or qualified.startswith("argparse") or _project_parser(call.func.value, scope)


def _project_parser(receiver: cst.BaseExpression, scope: Scope) -> bool:
    """``options.parser`` of ``options.parser.parse_args()``: a parser another module of the
    project builds at its top level (``parser = argparse.ArgumentParser()``)."""
    graph = scope.graph
    qualified = graph.facts.qualified_name(receiver) if graph is not None else None
    where = graph.project.resolve(graph.path, qualified) \
        if graph is not None and graph.project is not None and qualified is not None else None
    other = graph.project.facts_of(where[0]) if where is not None else None  # type: ignore[union-attr]
    stores = other.module_scope.stores.get(where[1], []) if other is not None else []  # type: ignore[index]
    built = stores[-1].value if stores else None
    return isinstance(built, cst.Call) and (other.facts.call_name(built) or "").startswith("argparse.")  # type: ignore[union-attr]
