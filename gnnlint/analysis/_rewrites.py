"""The analysis's libcst transformers: a helper's returned expression with its names replaced by
what the call binds them to (:mod:`gnnlint.analysis.inline`), and an expression with some calls'
arguments dropped (:mod:`gnnlint.analysis.numerics`). Classes deriving from libcst's are kept out
of the analysis modules' import: libcst is imported lazily, only when a file is parsed."""

from __future__ import annotations

import libcst as cst

from gnnlint.analysis.scopes import Facts


def _binds_names(node: cst.CSTNode) -> bool:
    """Nodes a substituted expression may not contain: they bind names of their own."""
    return isinstance(node, (cst.Lambda, cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp, cst.NamedExpr))


def _atom(node: cst.CSTNode) -> bool:
    """Argument nodes that need no parentheses where a name stood."""
    return isinstance(node, (cst.Name, cst.Attribute, cst.Call, cst.Subscript, cst.Integer, cst.Float,
                             cst.SimpleString))


class Substitution(cst.CSTTransformer):
    """Replaces the helper's names by what they are bound to, and respells its imported names."""

    def __init__(self, names: dict[str | None, cst.BaseExpression], helper: Facts, caller: Facts,
                 same_module: bool, same_scope: bool = False) -> None:
        super().__init__()
        self.names = names
        self.helper = helper
        self.caller = caller
        self.same_module = same_module
        # A lambda of the caller's own scope: its other names are the caller's.
        self.same_scope = same_scope
        self.failed = False

    def on_visit(self, node: cst.CSTNode) -> bool:
        if _binds_names(node):
            self.failed = True
        # An attribute's name and a keyword are no references: these are rebuilt on leaving.
        return not self.failed and not isinstance(node, (cst.Attribute, cst.Arg))

    def on_leave(self, original: cst.CSTNode, updated: cst.CSTNode) -> cst.CSTNode:  # type: ignore[override]
        if self.failed:
            return updated
        if isinstance(original, cst.Attribute):
            qualified = self.helper.qualified_name(original)
            if qualified is not None:
                return self._respelled(original, qualified)
            return original.with_changes(value=original.value.visit(self))
        if isinstance(original, cst.Arg):
            return original.with_changes(value=original.value.visit(self))
        if isinstance(original, cst.Name):
            return self._name(original)
        return updated

    def _name(self, name: cst.Name) -> cst.BaseExpression:
        if name.value in self.names:
            value = self.names[name.value]
            if _atom(value) or value.lpar:
                return value
            return value.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
        qualified = self.helper.qualified_name(name)
        if qualified is not None:
            return self._respelled(name, qualified)
        if name.value in ("None", "True", "False") or self.same_scope:
            return name
        # A function of the caller's own module that no local of the caller hides.
        if self.same_module and name.value in self.caller.functions and not self.caller.bindings(name.value):
            return name
        self.failed = True
        return name

    def _respelled(self, node: cst.BaseExpression, qualified: str) -> cst.BaseExpression:
        if self.same_module:
            return node
        spelled = self.caller.spelling_for(qualified)
        if spelled is None:
            self.failed = True
            return node
        return cst.parse_expression(spelled)


class DropArguments(cst.CSTTransformer):
    """Removes the arguments of the given calls (by identity)."""

    def __init__(self, calls: list[cst.Call]) -> None:
        super().__init__()
        self.calls = {id(c) for c in calls}

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.Call:
        return updated.with_changes(args=()) if id(original) in self.calls else updated

    def leave_Name(self, original: cst.Name, updated: cst.Name) -> cst.Name:
        # The name itself, not a copy: a method's receiver is known by its node (``scopes.spelling``).
        return original
