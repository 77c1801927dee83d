"""Values, not names: renaming every local variable leaves every (line, code) finding unchanged.

RULES.md's contract: a finding follows from how a value was built, how it is used and what the
framework does, never from what a variable is called. Every program the project ships (fixtures,
the catalogue's examples and cases) is linted as written and with each local variable, a method's
receiver (`self`, `cls`) included, renamed to a meaningless name (tests/renaming.py), with every
rule enabled; the findings must be the same.
"""

from __future__ import annotations

from pathlib import Path

import libcst as cst
import pytest

from conftest import REPO
from gnnlint.catalogue import catalogue_dir, examples
from gnnlint.engine import LintSettings, lint_source
from gnnlint.rules import builtin_rules
from renaming import rename_locals

SETTINGS = LintSettings(rules=tuple(builtin_rules()))


def _programs() -> list[tuple[str, str]]:
    programs = [(str(p.relative_to(REPO)), p.read_text(encoding="utf-8"))
                for p in sorted((REPO / "fixtures").rglob("*.py")) if "isolation" not in p.parts]
    catalogue = catalogue_dir()
    for page in sorted(catalogue.glob("*/README.md")):
        for example in examples(page.read_text(encoding="utf-8")):
            programs.append((f"{page.parent.name}/README.md:{example.markdown_line}", example.source))
    programs += [(str(Path(case.parent.parent.name) / case.name), case.read_text(encoding="utf-8"))
                 for case in sorted(catalogue.glob("*/cases/*.py"))]
    return programs


def _findings(source: str) -> set[tuple[int, str]]:
    return {(d.line, d.code) for d in lint_source(source, "program.py", SETTINGS)}


def test_renaming_changes_names_only():
    """The renamer itself: names change, lines and bindings do not."""
    renamed, mapping = rename_locals("import numpy as np\nadj = np.eye(3)\n\ndef f(deg):\n    return adj @ deg\n")
    assert set(mapping) == {"adj", "deg"} and len(set(mapping.values())) == 2
    assert "adj" not in renamed and "deg" not in renamed and renamed.count("\n") == 5
    assert "np.eye" in renamed  # imports and attributes are not locals


@pytest.mark.parametrize("label, source", _programs(), ids=[label for label, _ in _programs()])
def test_findings_do_not_depend_on_local_names(label, source):
    try:
        renamed, mapping = rename_locals(source)
    except cst.ParserSyntaxError:
        pytest.skip("does not parse (a syntax-error example)")
    before = _findings(source)
    after = _findings(renamed)
    assert after == before, f"renaming {mapping} changed the findings: lost {before - after}, gained {after - before}"


_RECEIVER_MODEL = '''\
import torch
import torch.nn as nn
import torch.nn.functional as F


class GCN(nn.Module):
    def __init__(self, n, k):
        super().__init__()
        self.w = nn.Parameter(torch.empty(n, k))
        self.lin = nn.Linear(k, 2)
        self.act = lambda h: F.softmax(self.lin(h), dim=1)

    @classmethod
    def build(cls, n):
        return cls(n, 16)

    def forward(self, x, adj):
        deg = adj.sum(1)
        h = adj @ x / deg
        return F.log_softmax(self.act(h @ self.w), dim=1)
'''


def test_a_receiver_not_spelled_self_is_the_receiver():
    """Python does not care what a method's first parameter is called: `me` is `self`."""
    before = _findings(_RECEIVER_MODEL)
    renamed = _RECEIVER_MODEL.replace("self", "me").replace("cls", "kind")
    assert "self" not in renamed and (9, "GNN204") in before
    assert _findings(renamed) == before


def test_code_that_spells_self_files_no_receiver(monkeypatch):
    """The receiver record costs nothing where receivers are spelled `self` (nearly all code): the
    module is not even walked."""
    from gnnlint.analysis import scopes

    def walked(statements):
        raise AssertionError("a module whose receivers are spelled `self`/`cls` was walked")

    monkeypatch.setattr(scopes, "_record_in", walked)
    scopes.record_receivers(cst.parse_module(_RECEIVER_MODEL), _RECEIVER_MODEL)
    with pytest.raises(AssertionError):  # (and the walk is what runs otherwise)
        renamed = _RECEIVER_MODEL.replace("self", "me")
        scopes.record_receivers(cst.parse_module(renamed), renamed)


_NAMESPACE_CLASS = '''\
import torch


class Utils:
    def row_normalize(features):
        rowsum = features.sum(1, keepdim=True)
        return features / rowsum


class Base(torch.nn.Module):
    def scale(me, x):
        return x * me.k


class Child(Base):
    def scale(me, x):
        return Base.scale(me, x)


def prep(x):
    return Utils.row_normalize(x)
'''


def test_a_function_called_through_its_class_has_no_receiver():
    """`Utils.row_normalize(x)` hands `x` to the first parameter: a function kept in a class as
    in a namespace, whose `features` is no `self` (so `features / features.sum(1)` is read as
    it is); `Base.scale(me, x)` passes the caller's receiver along, and stays a method call."""
    from gnnlint.analysis import scopes

    tree = cst.parse_module(_NAMESPACE_CLASS)
    scopes.record_receivers(tree, _NAMESPACE_CLASS)
    spelled = {(n.value, scopes.spelling(n)) for n in _names(tree)}
    assert ("features", "features") in spelled and ("features", "self") not in spelled
    assert ("me", "self") in spelled and ("me", "me") not in spelled
    assert (7, "GNN504") in _findings(_NAMESPACE_CLASS)


def test_implicit_class_methods_receive_the_class():
    """`__new__`, `__init_subclass__` and `__class_getitem__` are handed the class, decorated or not."""
    from gnnlint.analysis import scopes

    source = ("class Meta(type):\n    def __new__(mcs, name):\n        return mcs\n"
              "    def __init_subclass__(k, **kw):\n        return k\n"
              "    def __class_getitem__(c, item):\n        return c\n")
    tree = cst.parse_module(source)
    scopes.record_receivers(tree, source)
    assert {scopes.spelling(n) for n in _names(tree) if n.value in ("mcs", "k", "c")} == {"cls"}


def _names(tree: cst.Module) -> list[cst.Name]:
    found: list[cst.Name] = []

    class Names(cst.CSTVisitor):
        def visit_Name(self, node: cst.Name) -> None:
            found.append(node)

    tree.visit(Names())
    return found
