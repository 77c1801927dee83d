"""The engine's own tree walk must see what libcst's visitor sees, in the same order: rules (and
plugins) are written against libcst's visiting order."""

from __future__ import annotations

import pathlib

import libcst as cst
import pytest

from gnnlint import cst_walk
from gnnlint._cst_fields import FIELDS
from gnnlint.engine import LintSettings, lint_source
from gnnlint.rule import Rule

ROOT = pathlib.Path(__file__).resolve().parent.parent
SAMPLES = sorted([*ROOT.glob("gnnlint/**/*.py"), *ROOT.glob("fixtures/**/*.py")])

# Every kind of syntax the walk must order like libcst: decorators before bodies, `x if c else y`,
# comprehensions, walrus, match, f-strings, star args, lambdas with defaults, async, type hints.
EVERYTHING = '''
import a.b as c, d
from .e import (f as g, h)
@dec(1)
class K(Base, metaclass=M):
    x: int = 1
    @property
    async def m(self, a, /, b=2, *args, c: int = 3, **kw) -> "T":
        async with ctx() as (p, q):
            y = [i for i in range(3) if i if not i]
            z = {k: v for k, v in w.items()}
            async for i in gen():
                await i
        return (lambda s=1, *t: s)(y if y else z)
def f(x):
    global G
    try:
        del x[0], x.a
    except (E, F) as e:
        raise E from e
    else:
        pass
    finally:
        assert x, f"{x!r:>{w}} {y=}"
    while (n := x) > 0 and not -n or n in {1, 2}:
        x @= x[1:2, ::3]
    match x:
        case [1, *rest] | {"k": _, **others} if rest:
            print(*rest, **others)
        case Point(x=0) as p:
            yield from p
'''


class _Recorder(cst.CSTVisitor):
    def __init__(self) -> None:
        super().__init__()
        self.seen: list[tuple[str, int]] = []

    def on_visit(self, node: cst.CSTNode) -> bool:
        self.seen.append(("enter", id(node)))
        return True

    def on_leave(self, original_node: cst.CSTNode) -> None:
        self.seen.append(("leave", id(original_node)))


def _libcst_events(module: cst.Module, trivia: bool) -> list[tuple[str, int]]:
    recorder = _Recorder()
    module.visit(recorder)
    if trivia:
        return recorder.seen
    kept = []
    depth = 0  # how many trivia nodes enclose the current event
    nodes = {id(n): n for n in cst_walk.descendants(module)}
    for event, node_id in recorder.seen:
        is_trivia = node_id not in nodes
        if event == "enter" and is_trivia:
            depth += 1
        if depth == 0 and not is_trivia:
            kept.append((event, node_id))
        if event == "leave" and is_trivia:
            depth -= 1
    return kept


def _walk_events(module: cst.Module, trivia: bool) -> list[tuple[str, int]]:
    seen: list[tuple[str, int]] = []
    every = list(cst_walk.node_classes())
    walker = cst_walk.Walker({kind: ["enter"] for kind in every}, {kind: ["leave"] for kind in every},
                             lambda handlers, node: seen.append((handlers[0], id(node))), keep_trivia=trivia)
    walker.walk(module)
    return seen


def test_the_field_table_is_what_the_installed_libcst_visits():
    for cls in cst_walk.node_classes():
        assert FIELDS[cls.__name__] == (cst_walk.derive_child_fields(cls), tuple(cls.__dataclass_fields__),
                                        cst_walk.derive_content_fields(cls)), \
            f"{cls.__name__}: regenerate with {cst_walk.REGENERATE}"


@pytest.mark.parametrize("trivia", [True, False], ids=["every node", "trivia skipped"])
def test_the_walk_matches_libcst_visiting_order_on_every_kind_of_syntax(trivia):
    module = cst.parse_module(EVERYTHING)
    assert _walk_events(module, trivia) == _libcst_events(module, trivia)


def test_the_walk_matches_libcst_on_real_files():
    assert len(SAMPLES) > 100
    for path in SAMPLES[::3]:
        module = cst.parse_module(path.read_text(encoding="utf-8"))
        assert _walk_events(module, True) == _libcst_events(module, True), path


def test_trivia_are_every_whitespace_and_punctuation_class_libcst_has():
    bases = tuple(getattr(cst, name) for name in cst_walk.TRIVIA_BASES)
    expected = {cls for cls in cst_walk.node_classes() if issubclass(cls, bases)}
    assert cst_walk.trivia() == expected
    assert cst.SimpleWhitespace in expected and cst.Divide in expected and cst.Name not in expected


def test_children_are_libcst_children_without_trivia():
    module = cst.parse_module(EVERYTHING)
    for node in cst_walk.descendants(module):
        assert cst_walk.children(node) == [c for c in node.children if type(c) not in cst_walk.trivia()]


def test_descendants_prune_stops_below_the_node_but_yields_it():
    module = cst.parse_module("def f():\n    x = 1\ny = 2\n")
    seen = list(cst_walk.descendants(module, prune=lambda n: isinstance(n, cst.FunctionDef)))
    assert [type(n).__name__ for n in seen if isinstance(n, (cst.FunctionDef, cst.Name))] == ["FunctionDef", "Name"]
    assert [n.value for n in seen if isinstance(n, cst.Name)] == ["y"]


def test_a_class_unknown_to_the_table_is_derived_from_libcst(monkeypatch):
    monkeypatch.setattr(cst_walk, "_children", {})
    monkeypatch.setattr(cst_walk, "_content", {})
    monkeypatch.setitem(FIELDS, "Call", (("func",), ("stale",), ("func",)))  # another libcst's fields
    assert cst_walk.child_fields(cst.Call) == cst_walk.derive_child_fields(cst.Call)
    assert "args" in cst_walk.child_fields(cst.Call)
    assert cst_walk.content_fields(cst.Call) == ("func", "args")


def test_content_fields_leave_out_only_fields_that_hold_trivia_alone():
    """The fields a trivia-skipping walk does not read never hold anything but trivia: checked on
    every node of real files against the values actually there."""
    for path in SAMPLES[::4]:
        module = cst.parse_module(path.read_text(encoding="utf-8"))
        for node in cst_walk.descendants(module):
            for name in set(cst_walk.child_fields(type(node))) - set(cst_walk.content_fields(type(node))):
                value = getattr(node, name)
                values = value if isinstance(value, (tuple, list)) else [value]
                assert all(not isinstance(v, cst.CSTNode) or type(v) in cst_walk.trivia() for v in values), \
                    (path, type(node).__name__, name)


class _TodoComment(Rule):
    code = "ZZZ002"
    name = "todo-comment"
    message = "a TODO"

    def visit_Comment(self, node: cst.Comment) -> None:
        if "TODO" in node.value:
            self.report(node)


def test_a_rule_that_asks_for_comments_gets_them():
    findings = lint_source("x = 1  # TODO: fix\n", settings=LintSettings(rules=(_TodoComment,)))
    assert [(d.code, d.line, d.column) for d in findings] == [("ZZZ002", 1, 8)]


def test_positions_are_libcst_positions():
    from libcst.metadata import MetadataWrapper, PositionProvider

    for source in [EVERYTHING, *(path.read_text(encoding="utf-8") for path in SAMPLES[::25])]:
        module = cst.parse_module(source)
        expected = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
        assert dict(cst_walk.positions(module)) == dict(expected)


AWKWARD = '''\
# header comment
import os; import sys


@decorator
# a comment between decorators
@other(
    1,
)

def f(x):  # lines after the decorators
    return (
        x)
(
    y
) = 3
class C: pass
if True:
    z = 1 \\
        + 2
'''


def test_positions_of_one_statement_are_those_of_the_whole_module():
    """Reports are placed by generating only their top-level statement's code, started on the line
    ``ast`` gives it: every node must land where libcst's whole-module positions put it."""
    from gnnlint.positions import Positions

    for source in [EVERYTHING, AWKWARD, AWKWARD.replace("\n", "\r\n"),
                   *(path.read_text(encoding="utf-8") for path in SAMPLES[::5])]:
        module = cst.parse_module(source)
        expected = dict(cst_walk.positions(module))
        nodes = [node for node in expected if type(node) not in cst_walk.trivia() and node is not module]
        lazy = Positions(module, source)
        for node in nodes[::-7] + nodes[::3]:  # in no particular order, some twice
            assert lazy.get(node) == expected[node]
        assert not lazy._whole  # each statement on its own, never the whole module
    assert Positions(module, source).get(cst.Name("elsewhere")) is None
