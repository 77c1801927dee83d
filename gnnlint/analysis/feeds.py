"""What a TensorFlow 1 placeholder holds: the values the program feeds it.

A TF1 graph multiplies ``placeholders['support'][i]`` or ``self.A`` into the features, and what that
tensor is only shows where the script runs the graph: ``sess.run(op, feed_dict={ph: value})``,
``feed_dict.update({placeholders['support'][i]: support[i] for i in ...})`` in a helper,
``fd[ph] = value``. This module finds those feeds (indexed once per module, see :class:`FeedIndex`)
and tells which placeholder a feed key designates, by the construction call it reaches: through
names, dict entries with literal keys, list elements (a comprehension of placeholders indexed by a
loop variable), ``self.x`` stored in ``__init__``, and parameters whose every caller is followed
(a constructor given the script's dict, a ``construct_feed_dict`` helper). A key it cannot follow
in a feed makes every placeholder's value unknown: that feed may be the one that matters.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Hashable
from typing import TYPE_CHECKING

import libcst as cst

from gnnlint.analysis.scopes import argument, dotted_name, number

if TYPE_CHECKING:
    from gnnlint.analysis.graph import GraphFacts, Scope

_PLACEHOLDERS = frozenset({"placeholder", "sparse_placeholder", "placeholder_with_default"})
_RUNS = frozenset({"run", "eval", "partial_run"})
# The placeholder reached: (module file, number of the construction call in walk order).
Key = tuple[str, int]
# Each placeholder reached, with the module record and the construction call it is written as.
Found = dict[Key, tuple["GraphFacts", "cst.Call"]]
# Any element of a container (a key indexed by a loop variable).
_ANY = object()
_DEPTH = 8


def is_placeholder(graph: GraphFacts, call: cst.CSTNode) -> bool:
    if not isinstance(call, cst.Call):
        return False
    name = graph.facts.call_name(call) or ""
    return name.split(".")[0] == "tensorflow" and name.rsplit(".", 1)[-1] in _PLACEHOLDERS


def is_sparse(graph: GraphFacts, call: cst.Call) -> bool:
    return (graph.facts.call_name(call) or "").endswith(".sparse_placeholder")


def key_of(graph: GraphFacts, call: cst.Call) -> Key | None:
    """A placeholder's identity across the project's records of its module (each its own tree): the
    number of its call among the calls the walk met, the same in every record of the file."""
    number = graph.call_number(call)
    return (str(graph.path), number) if number is not None else None


@dataclasses.dataclass(frozen=True)
class Entry:
    """``key: value`` of a feed, written in ``scope`` at statement ``order``; ``container`` is what
    holds it (a dict display, or the receiver of ``.update``/item stores), ``fed`` whether that is
    passed as ``feed_dict=`` itself."""

    key: cst.BaseExpression
    value: cst.BaseExpression
    scope: Scope
    order: int
    container: Hashable
    fed: bool = False


class FeedIndex:
    """Every candidate feed entry of one module (keys that are not literals), and whether some
    ``feed_dict=`` argument is built where this module cannot look (a library's call)."""

    def __init__(self, graph: GraphFacts) -> None:
        self.entries: list[Entry] = []
        self.opaque = False
        for scope in graph.scopes:
            for name, stores in scope.stores.items():
                for store in stores:
                    if store.kind == "subscript" and store.value is not None and isinstance(store.node, cst.Subscript):
                        key = _single_index(store.node)
                        if key is not None and not _literal(key):
                            self.entries.append(Entry(key, store.value, store.where or scope, store.order,
                                                      (id(scope), name)))
                    elif store.kind == "assign" and store.value is not None:
                        self._display(store.value, store.where or scope, store.order, False)
            for value, order in scope.returns:
                self._display(value, scope, order, False)
            for site in scope.sites:
                if isinstance(site.node, cst.Call):
                    self._call(graph, site.node, scope, site.order)

    def by_placeholder(self, graph: GraphFacts) -> Designations:
        """The entries by the placeholder each designates, each key followed once."""
        designations = [(entry, designated(graph, entry.key, entry.scope, entry.order)) for entry in self.entries]
        feeding = {entry.container for entry, found in designations if found is not None}
        by_key: dict[Key, list[Entry]] = {}
        unknown = self.opaque
        for entry, found in designations:
            if found is None:
                # A key not followed, in a feed or beside keys that are placeholders: it may feed any.
                unknown = unknown or entry.fed or entry.container in feeding
                continue
            for key in found:
                by_key.setdefault(key, []).append(entry)
        return Designations(by_key, unknown)

    def _call(self, graph: GraphFacts, call: cst.Call, scope: Scope, order: int) -> None:
        func = call.func
        if isinstance(func, cst.Attribute) and func.attr.value == "update" and len(call.args) == 1:
            receiver = dotted_name(func.value)
            self._display(call.args[0].value, scope, order, False, (id(scope), receiver) if receiver else None)
            return
        fed = argument(call, 1, "feed_dict") if isinstance(func, cst.Attribute) and func.attr.value in _RUNS \
            else None
        if fed is None:
            for arg in call.args:
                if arg.keyword is None and arg.star == "":
                    self._display(arg.value, scope, order, False)
            return
        if isinstance(fed, (cst.Dict, cst.DictComp)):
            self._display(fed, scope, order, True)
        elif isinstance(fed, cst.Call) and graph.function_for(fed, scope, order) is None \
                and (graph.facts.call_name(fed) or "") != "dict":
            self.opaque = True  # fed from what a library builds: any placeholder may be fed there

    def _display(self, value: cst.BaseExpression, scope: Scope, order: int, fed: bool,
                 container: Hashable | None = None) -> None:
        holder = container if container is not None else id(value)
        if isinstance(value, cst.Dict):
            for element in value.elements:
                if isinstance(element, cst.DictElement) and not _literal(element.key):
                    self.entries.append(Entry(element.key, element.value, scope, order, holder, fed))
        elif isinstance(value, cst.DictComp) and not _literal(value.key):
            self.entries.append(Entry(value.key, value.value, scope, order, holder, fed))


@dataclasses.dataclass(frozen=True)
class Designations:
    """A module's feed entries by the placeholder they feed; ``unknown`` when some feed may feed any
    placeholder (a key this layer cannot follow, a ``feed_dict`` a library builds)."""

    by_key: dict[Key, list[Entry]]
    unknown: bool


def _literal(expr: cst.BaseExpression) -> bool:
    return isinstance(expr, (cst.SimpleString, cst.ConcatenatedString, cst.FormattedString)) \
        or number(expr) is not None


def _single_index(node: cst.Subscript) -> cst.BaseExpression | None:
    if len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index):
        return node.slice[0].slice.value
    return None


def _literal_key(expr: cst.BaseExpression) -> object:
    """A dict or list index written as a literal (``'support'``, ``0``), else :data:`_ANY`."""
    if isinstance(expr, cst.SimpleString):
        return expr.evaluated_value
    n = number(expr)
    return int(n) if n is not None and n == int(n) else _ANY


def designated(graph: GraphFacts, expr: cst.BaseExpression, scope: Scope, at: int,
               depth: int = 0) -> Found | None:
    """The placeholders ``expr`` may be (several for ``phs[i]`` over a list of them); None when it
    reaches anything else or what it cannot follow."""
    defined = definitions(graph, expr, scope, at, depth)
    if not defined:
        return None
    found: Found = {}
    for home_graph, value, _home, _order in defined:
        if not (isinstance(value, cst.Call) and is_placeholder(home_graph, value)):
            return None
        key = key_of(home_graph, value)
        if key is None:
            return None
        found[key] = (home_graph, value)
    return found


def _elements(graph: GraphFacts, value: cst.BaseExpression, key: object) -> list[cst.BaseExpression] | None:
    """Entry ``key`` of the display ``value`` (every entry for :data:`_ANY`); None if not one."""
    if isinstance(value, cst.Dict):
        if key is not _ANY and any(isinstance(e, cst.StarredDictElement) for e in value.elements):
            return None
        return [e.value for e in value.elements if isinstance(e, cst.DictElement)
                and (key is _ANY or _literal_key(e.key) == key)] or None
    if isinstance(value, (cst.List, cst.Tuple)):
        parts = [e.value for e in value.elements]
        if isinstance(key, int) and -len(parts) <= key < len(parts):
            return [parts[key]]
        return parts if key is _ANY and parts else None
    if isinstance(value, (cst.ListComp, cst.GeneratorExp)) and not isinstance(key, str):
        return [value.elt]
    if isinstance(value, cst.Call) and (graph.facts.call_name(value) or "") == "dict" and isinstance(key, str):
        return [a.value for a in value.args if a.keyword is not None and a.keyword.value == key] or None
    return None


def definitions(graph: GraphFacts, expr: cst.BaseExpression, scope: Scope, at: int,
                depth: int) -> list[tuple[GraphFacts, cst.BaseExpression, Scope, int]] | None:
    """The expressions ``expr`` may stand for, each with where it is written: a name followed to its
    store, a parameter to what every caller passes, an entry of a dict or list display to the entry.
    None when a name cannot be followed."""
    if depth > _DEPTH:
        return None
    graph = scope.graph or graph
    if isinstance(expr, cst.Subscript) and _single_index(expr) is not None:
        key = _literal_key(_single_index(expr))  # type: ignore[arg-type]
        containers = definitions(graph, expr.value, scope, at, depth + 1)
        if containers is None:
            return None
        found: list[tuple[GraphFacts, cst.BaseExpression, Scope, int]] = []
        for home_graph, container, where, order in containers:
            parts = _elements(home_graph, container, key)
            if parts is None:
                return None
            for part in parts:
                more = definitions(home_graph, part, where, order, depth + 1)
                if more is None:
                    return None
                found += more
        return found
    name = dotted_name(expr) if isinstance(expr, (cst.Name, cst.Attribute)) else None
    if name is None:
        return [(graph, expr, scope, at)]
    store, home = graph.lookup(name, scope, at)
    if store is None or home is None:
        return None
    if store.kind == "assign" and store.value is not None:
        where = store.where or home
        return definitions(graph, store.value, where, store.order, depth + 1)
    if store.kind == "param" and home.kind == "function":
        passed = graph.passed_arguments(home, name)
        if not passed:
            return None
        found = []
        for argument_expr, caller, order in passed:
            more = definitions(caller.graph or graph, argument_expr, caller, order, depth + 1)
            if more is None:
                return None
            found += more
        return found
    return None
