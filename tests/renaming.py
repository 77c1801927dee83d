"""Rename every local variable of a program, consistently, keeping its lines.

The contract (RULES.md): a finding follows from what values are, never from what they are called.
This renamer is how the tests hold the rules to it. It uses libcst's own scope analysis (slow, but
independent of gnnlint's): every name bound by assignment, a loop, `with ... as`, a comprehension,
walrus or a function parameter, in a module, function or comprehension scope, gets a meaningless
name (`v1`, `v2`, ...) at its binding and at every read. Left alone: imports, function and class
names, class attributes (reached as `self.x`), attributes and keywords, `_`, dunders, names
declared `global`/`nonlocal`, and parameters that some call passes by keyword. A method's receiver
is renamed too (`self` -> `v3`): Python does not care what the first parameter is called.
"""

from __future__ import annotations

import itertools

import libcst as cst
from libcst.metadata import Assignment, ClassScope, MetadataWrapper, ScopeProvider

_KEEP = {"_"}


class _Names(cst.CSTVisitor):
    def __init__(self) -> None:
        self.keywords: set[str] = set()
        self.declared: set[str] = set()
        self.names: set[str] = set()

    def visit_Name(self, node: cst.Name) -> None:
        self.names.add(node.value)

    def visit_Arg(self, node: cst.Arg) -> None:
        if node.keyword is not None:
            self.keywords.add(node.keyword.value)

    def visit_Global(self, node: cst.Global) -> None:
        self.declared.update(item.name.value for item in node.names)

    def visit_Nonlocal(self, node: cst.Nonlocal) -> None:
        self.declared.update(item.name.value for item in node.names)


class _Replace(cst.CSTTransformer):
    def __init__(self, names: dict[cst.Name, str]) -> None:
        self.names = {id(node): new for node, new in names.items()}

    def leave_Name(self, original: cst.Name, updated: cst.Name) -> cst.Name:
        new = self.names.get(id(original))
        return updated.with_changes(value=new) if new else updated


def rename_locals(source: str) -> tuple[str, dict[str, str]]:
    """The program with its local variables renamed, and the old -> new names (the first of each)."""
    wrapper = MetadataWrapper(cst.parse_module(source), unsafe_skip_copy=True)
    scopes = wrapper.resolve(ScopeProvider)
    finder = _Names()
    wrapper.module.visit(finder)
    taken = finder.names
    counter = itertools.count(1)
    renames: dict[cst.Name, str] = {}
    mapping: dict[str, str] = {}
    for scope in {scope for scope in scopes.values() if scope is not None}:
        if isinstance(scope, ClassScope):
            continue
        by_name: dict[str, list] = {}
        for assignment in scope.assignments:
            by_name.setdefault(assignment.name, []).append(assignment)
        for name, assignments in by_name.items():
            if name in _KEEP or name in finder.declared or name.startswith("__"):
                continue
            nodes: list[cst.Name] = []
            ok = True
            for assignment in assignments:
                if not isinstance(assignment, Assignment):
                    ok = False  # an import, or a builtin
                    break
                node = assignment.node
                if isinstance(node, cst.Param):
                    if name in finder.keywords:
                        ok = False
                        break
                    node = node.name
                if not isinstance(node, cst.Name):
                    ok = False  # a function or class definition
                    break
                nodes.append(node)
                for access in assignment.references:
                    if not isinstance(access.node, cst.Name):
                        ok = False
                        break
                    nodes.append(access.node)
            if not ok or not nodes:
                continue
            new = f"v{next(counter)}"
            while new in taken:
                new = f"v{next(counter)}"
            mapping.setdefault(name, new)
            for node in nodes:
                renames[node] = new
    return wrapper.module.visit(_Replace(renames)).code, mapping
