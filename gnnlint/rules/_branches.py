"""The tests of the `if`s whose body the walk is in, for rules that judge a value by its branch."""

from __future__ import annotations

from typing import Any

import libcst as cst


class EnclosingTests:
    """Mixin for a rule: ``self.tests`` holds the tests of the enclosing `if`s whose body (not else
    branch) the walk is in, innermost last, for indented and one-line bodies alike."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.tests: list[cst.BaseExpression] = []
        self._bodies: dict[int, cst.BaseExpression] = {}

    def visit_If(self, node: cst.If) -> None:
        self._bodies[id(node.body)] = node.test

    def visit_IndentedBlock(self, node: cst.IndentedBlock) -> None:
        self._enter_body(node)

    def leave_IndentedBlock(self, original_node: cst.IndentedBlock) -> None:
        self._leave_body(original_node)

    def visit_SimpleStatementSuite(self, node: cst.SimpleStatementSuite) -> None:
        self._enter_body(node)

    def leave_SimpleStatementSuite(self, original_node: cst.SimpleStatementSuite) -> None:
        self._leave_body(original_node)

    def _enter_body(self, node: cst.CSTNode) -> None:
        if id(node) in self._bodies:
            self.tests.append(self._bodies[id(node)])

    def _leave_body(self, node: cst.CSTNode) -> None:
        if id(node) in self._bodies:
            self.tests.pop()
