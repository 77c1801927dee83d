"""Walk a libcst tree in libcst's own visiting order, without libcst's visitor machinery.

``CSTVisitor`` rebuilds and re-validates every node it passes (``_visit_and_replace_children``
constructs a new node even when nothing changes): about 12x the cost of reading the same
dataclass fields directly, and a quarter of a whole run in profiles. This walker reads the fields
in the order libcst visits them, so rules see nodes in exactly the order a ``CSTVisitor`` would.

The order per node class comes from ``_cst_fields.py``, generated from the installed libcst's
source by the command in ``REGENERATE``; a class whose dataclass fields
differ from the table's (another libcst version) is derived from libcst's source on first use.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING

import libcst as cst  # deferred (gnnlint._lazy_libcst): no libcst attribute at module level here

from gnnlint._cst_fields import FIELDS

if TYPE_CHECKING:
    from libcst.metadata import CodeRange


# Whitespace, comments and punctuation: no expression or statement can sit inside them, so the
# walk skips them unless a rule asks for one of these types (about 60% of all nodes).
TRIVIA_BASES = (
    "BaseParenthesizableWhitespace", "Newline", "EmptyLine", "TrailingWhitespace", "Comment", "LeftParen",
    "RightParen", "LeftSquareBracket", "RightSquareBracket", "LeftCurlyBrace", "RightCurlyBrace", "Comma", "Dot",
    "Colon", "AssignEqual", "Semicolon", "ImportStar", "Asynchronous", "BaseBinaryOp", "BaseUnaryOp",
    "BaseBooleanOp", "BaseCompOp", "BaseAugOp")


@functools.cache
def trivia() -> frozenset[type[cst.CSTNode]]:
    """The node classes under ``TRIVIA_BASES``."""
    bases = tuple(getattr(cst, name) for name in TRIVIA_BASES)
    # Through each class's __mro__, not issubclass(): libcst's ABCs make that ~20 ms.
    return frozenset(cls for cls in (getattr(cst, name, None) for name in FIELDS)
                     if isinstance(cls, type) and any(base in bases for base in cls.__mro__))


REGENERATE = 'python -c "import gnnlint.cst_walk as w; print(w.generate_table(), end=\'\')" > gnnlint/_cst_fields.py'

_children: dict[type, tuple[str, ...]] = {}


def child_fields(cls: type[cst.CSTNode]) -> tuple[str, ...]:
    """The fields of ``cls`` that hold child nodes, in the order libcst visits them."""
    fields = _children.get(cls)
    if fields is None:
        known = FIELDS.get(cls.__name__)
        if known is not None and known[1] == tuple(cls.__dataclass_fields__):
            fields = known[0]
        else:
            fields = derive_child_fields(cls)
        _children[cls] = fields
    return fields


def derive_child_fields(cls: type[cst.CSTNode]) -> tuple[str, ...]:
    """Read the order from ``cls._visit_and_replace_children``: each child is visited by a
    ``visit_*(self, "field", ...)`` call, in source order."""
    import ast  # only for a node class the table does not know: kept off the start-up path
    import inspect
    import textwrap

    method = next(base.__dict__["_visit_and_replace_children"] for base in cls.__mro__
                  if "_visit_and_replace_children" in base.__dict__)
    tree = ast.parse(textwrap.dedent(inspect.getsource(method)))
    calls = sorted((node for node in ast.walk(tree)
                    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id.startswith("visit_") and len(node.args) >= 2
                    and isinstance(node.args[1], ast.Constant)),
                   key=lambda call: (call.lineno, call.col_offset))
    # dict.fromkeys: a field visited in two branches (ImportFrom.names) is one field
    return tuple(dict.fromkeys(call.args[1].value for call in calls))  # type: ignore[attr-defined]  # an ast.Constant


Handlers = dict[type, list[Callable[["cst.CSTNode"], None]]]


class Walker:
    """For every node under the root (trivia skipped unless ``keep_trivia``), hands the handlers
    listed for its exact type in ``visits`` to ``dispatch(handlers, node)`` before its children,
    and those in ``leaves`` after them. Tables, not callbacks: this runs for every node, and a
    node nobody handles costs two dict lookups and no call."""

    def __init__(self, visits: Handlers, leaves: Handlers,
                 dispatch: Callable[[list[Callable[[cst.CSTNode], None]], cst.CSTNode], None],
                 keep_trivia: bool = False) -> None:
        self.visits = visits
        self.leaves = leaves
        self.dispatch = dispatch
        self.skip = frozenset() if keep_trivia else trivia()

    def walk(self, node: cst.CSTNode) -> None:
        kind = type(node)
        handlers = self.visits.get(kind)
        if handlers:
            self.dispatch(handlers, node)
        skip = self.skip
        for name in _children.get(kind) or child_fields(kind):
            value = getattr(node, name)
            if type(value) is tuple or type(value) is list:
                for child in value:
                    if type(child) not in skip:
                        self.walk(child)
            elif value is not None and value is not cst.MaybeSentinel.DEFAULT and type(value) not in skip:
                self.walk(value)
        handlers = self.leaves.get(kind)
        if handlers:
            self.dispatch(handlers, node)


# Child lists already computed, by node id, with the node itself (held, so that its id cannot be
# reused while the entry lives). Analyses walk the same subtrees many times; cleared per file.
_known_children: dict[int, tuple[cst.CSTNode, list[cst.CSTNode]]] = {}


def forget_children() -> None:
    _known_children.clear()


def children(node: cst.CSTNode) -> list[cst.CSTNode]:
    """The child nodes of ``node`` in visiting order, trivia left out (``node.children`` without
    whitespace and punctuation, and without libcst's visitor behind it). Do not mutate the list."""
    known = _known_children.get(id(node))
    if known is not None and known[0] is node:
        return known[1]
    found = _children_of(node)
    _known_children[id(node)] = (node, found)
    return found


def _children_of(node: cst.CSTNode) -> list[cst.CSTNode]:
    found: list[cst.CSTNode] = []
    skip = trivia()
    for name in _children.get(type(node)) or child_fields(type(node)):
        value = getattr(node, name)
        if type(value) is tuple or type(value) is list:
            found.extend(child for child in value if type(child) not in skip)
        elif value is not None and value is not cst.MaybeSentinel.DEFAULT and type(value) not in skip:
            found.append(value)
    return found


def descendants(root: cst.CSTNode, prune: Callable[[cst.CSTNode], bool] | None = None) -> Iterator[cst.CSTNode]:
    """``root`` and every node under it, parents before children in source order (the order a
    ``CSTVisitor`` visits them); a node for which ``prune`` says True is yielded, its children not."""
    stack = [root]
    known = _known_children
    while stack:
        node = stack.pop()
        yield node
        if prune is None or not prune(node):
            # children(node), its cache lookup inlined: this loop runs millions of times a run
            entry = known.get(id(node))
            stack.extend(reversed(entry[1] if entry is not None and entry[0] is node else children(node)))


def positions(module: cst.Module) -> Mapping[cst.CSTNode, CodeRange]:
    """Every node's CodeRange, as libcst's ``PositionProvider`` computes it, without
    ``MetadataWrapper``: resolving through the wrapper adds a full visitor pass over the tree (for
    batchable providers, of which there are none here), 40% of the cost, which on a 12,000-line
    file is seconds. Falls back to the wrapper if libcst's provider internals ever change."""
    from libcst.metadata import MetadataWrapper, PositionProvider

    provider = PositionProvider()
    try:
        provider._computed = {}
        provider._gen_impl(module)
        if provider._computed:
            return provider._computed  # type: ignore[return-value]  # CodeRange values once computed
    except (AttributeError, TypeError):
        pass
    return MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)


def node_classes() -> Iterator[type[cst.CSTNode]]:
    """Every concrete node class libcst exports."""
    import dataclasses
    import inspect

    for name in sorted(dir(cst)):
        cls = getattr(cst, name)
        if isinstance(cls, type) and issubclass(cls, cst.CSTNode) and dataclasses.is_dataclass(cls) \
                and not inspect.isabstract(cls):
            yield cls


def generate_table() -> str:
    import importlib.metadata

    lines = [f'"""Generated by ``{REGENERATE}``:',
             "per libcst node class, (the fields holding children in libcst's visiting order, all dataclass",
             'fields). Do not edit."""', "",
             f"# libcst {importlib.metadata.version('libcst')}", "FIELDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {"]
    for cls in node_classes():
        lines.append(f"    {cls.__name__!r}: ({derive_child_fields(cls)!r}, {tuple(cls.__dataclass_fields__)!r}),")
    lines.append("}")
    return "\n".join(lines) + "\n"

