"""Codes the engine itself reports. They are rules without visitors, so that select/ignore,
--list-rules, --explain and the catalogue treat them like any other code."""

from __future__ import annotations

from gnnlint.rule import Rule


class SyntaxErrorCode(Rule):
    code = "GNN900"
    name = "syntax-error"
    severity = "error"
    message = "the file could not be parsed"


class RuleErrorCode(Rule):
    code = "GNN901"
    name = "rule-error"
    severity = "error"
    message = "a rule raised while checking this file"


class UnusedNoqa(Rule):
    code = "GNN902"
    name = "unused-noqa"
    severity = "info"
    message = "`# noqa` that suppresses nothing"
