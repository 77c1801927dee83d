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
_content: dict[type, tuple[str, ...]] = {}


def child_fields(cls: type[cst.CSTNode]) -> tuple[str, ...]:
    """The fields of ``cls`` that hold child nodes, in the order libcst visits them."""
    return _fields(cls, _children, 0, derive_child_fields)


def content_fields(cls: type[cst.CSTNode]) -> tuple[str, ...]:
    """``child_fields(cls)`` less those whose type admits only trivia (``Name.lpar``, a ``Call``'s
    whitespace): what a walk that skips trivia reads. A ``Call`` has six child fields, two of them
    content; a ``Name`` none."""
    return _fields(cls, _content, 2, derive_content_fields)


def _fields(cls: type[cst.CSTNode], cache: dict[type, tuple[str, ...]], column: int,
            derive: Callable[[type[cst.CSTNode]], tuple[str, ...]]) -> tuple[str, ...]:
    """One column of the generated table for ``cls`` when it was generated for this libcst's
    version of the class (same dataclass fields), else derived from the class; cached."""
    fields = cache.get(cls)
    if fields is None:
        known = FIELDS.get(cls.__name__)
        if known is not None and known[1] == tuple(cls.__dataclass_fields__):
            fields = known[column]
        else:
            fields = derive(cls)
        cache[cls] = fields
    return fields


def derive_content_fields(cls: type[cst.CSTNode]) -> tuple[str, ...]:
    """The child fields whose annotation names some node class that is not trivia (or that cannot
    be read: kept, to be safe)."""
    import typing

    try:
        hints = typing.get_type_hints(cls)
    except Exception:  # an annotation this Python cannot resolve: read every child field
        return child_fields(cls)
    bases = tuple(getattr(cst, name) for name in TRIVIA_BASES)

    def admits_content(annotation: object) -> bool:
        arguments = typing.get_args(annotation)
        if arguments:
            return any(admits_content(argument) for argument in arguments)
        if not isinstance(annotation, type):
            return annotation is not None  # Any, a TypeVar, a string: cannot tell
        return issubclass(annotation, cst.CSTNode) and not any(base in bases for base in annotation.__mro__)
    return tuple(name for name in child_fields(cls) if name not in hints or admits_content(hints[name]))


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
        if self.skip is not trivia():
            self._walk_every(node)
            return
        # Along the tree's pre-order list (``index``): no recursion, no field reads here, and the
        # analyses' later ``descendants`` of any node in it come from the same list.
        nodes, ends, start = index(node)
        visits, leaves, dispatch = self.visits, self.leaves, self.dispatch
        open_: list[tuple[int, cst.CSTNode, type]] = []  # nodes with leave handlers, innermost last
        for position in range(start, ends[start]):
            while open_ and open_[-1][0] <= position:
                _, done, kind = open_.pop()
                handlers = leaves.get(kind)
                if handlers:
                    dispatch(handlers, done)
            node = nodes[position]
            kind = type(node)
            handlers = visits.get(kind)
            if handlers:
                dispatch(handlers, node)
            if kind in leaves:
                open_.append((ends[position], node, kind))
        while open_:
            _, done, kind = open_.pop()
            handlers = leaves.get(kind)
            if handlers:
                dispatch(handlers, done)

    def _walk_every(self, node: cst.CSTNode) -> None:
        """The recursive walk, trivia included (for a rule that asks for comments or commas)."""
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
                        self._walk_every(child)
            elif value is not None and value is not cst.MaybeSentinel.DEFAULT and type(value) not in skip:
                self._walk_every(value)
        handlers = self.leaves.get(kind)
        if handlers:
            self.dispatch(handlers, node)


# What is known of a node, by id: the node itself (held, so that its id cannot be reused while the
# entry lives), its child list and, once its tree is indexed, the tree's pre-order list, where each
# node's subtree ends in it, and the node's own place. Analyses walk the same subtrees many times;
# cleared per file.
_Entry = tuple["cst.CSTNode", list["cst.CSTNode"], "list[cst.CSTNode] | None", "list[int] | None", int]
_known: dict[int, _Entry] = {}
_NO_CHILDREN: list[cst.CSTNode] = []  # shared by every leaf (a Name, a number): children are never mutated


# The entries of the last few modules indexed, kept past ``forget_children``: a command's process
# meets most project modules twice in a row, read by a file beside them that imports them
# (``analysis.project``) and then linted (``engine.parse`` hands back the same tree), and listing a
# tree is a tenth of a run.
_KEPT_TREES = 8
_kept: dict[int, tuple[cst.Module, dict[int, _Entry]]] = {}


def forget_children() -> None:
    _known.clear()


def children(node: cst.CSTNode) -> list[cst.CSTNode]:
    """The child nodes of ``node`` in visiting order, trivia left out (``node.children`` without
    whitespace and punctuation, and without libcst's visitor behind it). Do not mutate the list."""
    known = _known.get(id(node))
    if known is not None and known[0] is node:
        return known[1]
    found = _children_of(node)
    _known[id(node)] = (node, found, None, None, 0)
    return found


def _children_of(node: cst.CSTNode) -> list[cst.CSTNode]:
    found: list[cst.CSTNode] = []
    skip = trivia()
    fields = _content.get(type(node))
    for name in content_fields(type(node)) if fields is None else fields:
        value = getattr(node, name)
        if type(value) is tuple or type(value) is list:
            found.extend(child for child in value if type(child) not in skip)
        elif value is not None and value is not cst.MaybeSentinel.DEFAULT and type(value) not in skip:
            found.append(value)
    return found


def index(root: cst.CSTNode) -> tuple[list[cst.CSTNode], list[int], int]:
    """(the pre-order list of ``root``'s tree, trivia left out; for each place in it, the place
    after its node's subtree; ``root``'s place). Built once per tree and file, so that walking any
    subtree again is reading a slice of one list."""
    entry = _known.get(id(root))
    if entry is not None and entry[0] is root and entry[2] is not None:
        return entry[2], entry[3], entry[4]  # type: ignore[return-value]  # both set with entry[2]
    kept = _kept.get(id(root))
    if kept is not None and kept[0] is root:
        _known.update(kept[1])
        entry = kept[1][id(root)]
        return entry[2], entry[3], entry[4]  # type: ignore[return-value]  # both set with entry[2]
    whole = isinstance(root, cst.Module)
    known = {} if whole else _known
    nodes, ends = _list_tree(root, known)
    if whole:
        _known.update(known)
        _kept.pop(id(root), None)
        _kept[id(root)] = (root, known)  # type: ignore[assignment]  # a Module, checked above
        while len(_kept) > _KEPT_TREES:
            del _kept[next(iter(_kept))]
    return nodes, ends, 0


def _list_tree(root: cst.CSTNode, known: dict[int, _Entry]) -> tuple[list[cst.CSTNode], list[int]]:
    """``root``'s pre-order list and subtree ends (see :func:`index`), each node's entry put in ``known``."""
    nodes: list[cst.CSTNode] = []
    ends: list[int] = []
    skip = trivia()
    fields_of = _content
    maybe_default = cst.MaybeSentinel.DEFAULT
    pending: list[cst.CSTNode | int] = [root]  # nodes to list, and (ints) places whose subtree ends here
    while pending:
        node = pending.pop()
        if type(node) is int:
            ends[node] = len(nodes)
            continue
        place = len(nodes)
        nodes.append(node)  # type: ignore[arg-type]  # not an int: a node
        fields = fields_of.get(type(node))
        if fields is None:
            fields = content_fields(type(node))  # type: ignore[arg-type]  # a node
        if not fields:
            ends.append(place + 1)
            known[id(node)] = (node, _NO_CHILDREN, nodes, ends, place)  # type: ignore[assignment]
            continue
        ends.append(0)  # set when the marker below comes off the stack
        found = []
        for name in fields:
            value = getattr(node, name)
            if type(value) is tuple or type(value) is list:
                for child in value:
                    if type(child) not in skip:
                        found.append(child)
            elif value is not None and value is not maybe_default and type(value) not in skip:
                found.append(value)
        known[id(node)] = (node, found, nodes, ends, place)  # type: ignore[assignment]
        pending.append(place)
        pending.extend(reversed(found))
    return nodes, ends


def descendants(root: cst.CSTNode, prune: Callable[[cst.CSTNode], bool] | None = None) -> Iterator[cst.CSTNode]:
    """``root`` and every node under it, parents before children in source order (the order a
    ``CSTVisitor`` visits them); a node for which ``prune`` says True is yielded, its children not."""
    entry = _known.get(id(root))
    if entry is None or entry[0] is not root or entry[2] is None:
        if not isinstance(root, cst.Module):
            return _descendants_unindexed(root, prune)
        entry = (root, [], *index(root))
    nodes, ends, start = entry[2], entry[3], entry[4]
    if prune is None:
        return iter(nodes[start:ends[start]])  # type: ignore[index]  # set with entry[2]
    return _pruned(nodes, ends, start, prune)  # type: ignore[arg-type]


def _pruned(nodes: list[cst.CSTNode], ends: list[int], start: int,
            prune: Callable[[cst.CSTNode], bool]) -> Iterator[cst.CSTNode]:
    place, end = start, ends[start]
    while place < end:
        node = nodes[place]
        yield node
        place = ends[place] if prune(node) else place + 1


def _descendants_unindexed(root: cst.CSTNode, prune: Callable[[cst.CSTNode], bool] | None) -> Iterator[cst.CSTNode]:
    """``descendants`` of a node whose tree has no index in this file (a module read for its
    imports, a node built by a rule): a subtree at a time, not worth listing whole."""
    stack = [root]
    known = _known
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
             "fields, the child fields that can hold a node other than trivia). Do not edit.\"\"\"", "",
             f"# libcst {importlib.metadata.version('libcst')}",
             "FIELDS: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {"]
    for cls in node_classes():
        lines.append(f"    {cls.__name__!r}: ({derive_child_fields(cls)!r}, {tuple(cls.__dataclass_fields__)!r}, "
                     f"{derive_content_fields(cls)!r}),")
    lines.append("}")
    return "\n".join(lines) + "\n"

