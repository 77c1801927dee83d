"""# noqa on the reported line or on the first/last line of a multi-line statement; file-level skip."""

from __future__ import annotations

from gnnlint.engine import LintSettings, lint_source
from gnnlint.rules import builtin_rules

ALL = LintSettings(rules=tuple(builtin_rules()))


def codes(source: str) -> list[tuple[int, str]]:
    return [(d.line, d.code) for d in lint_source(source, "m.py", ALL)]


HEADER = "import numpy as np\n"


def test_bare_noqa_and_coded_noqa():
    assert codes(HEADER + "X = X / np.max(X)  # noqa\n") == []
    assert codes(HEADER + "X = X / np.max(X)  # noqa: GNN301\n") == []
    assert codes(HEADER + "X = X / np.max(X)  # noqa:GNN3, E501\n") == []


def test_noqa_for_another_code_does_not_suppress():
    assert codes(HEADER + "X = X / np.max(X)  # noqa: GNN201\n") == [(2, "GNN301"), (2, "GNN902")]


def test_noqa_on_first_or_last_line_of_a_multiline_statement():
    first = HEADER + "Y = (  # noqa: GNN301\n    X\n    / np.max(X)\n)\n"
    last = HEADER + "Y = (\n    X\n    / np.max(X)\n)  # noqa: GNN301\n"
    middle_only = HEADER + "Y = (\n    X  # noqa: GNN301\n    / np.max(X)\n)\n"
    unsuppressed = HEADER + "Y = (\n    X\n    / np.max(X)\n)\n"
    assert codes(first) == [] and codes(last) == []
    assert codes(unsuppressed) == [(3, "GNN301")]
    assert codes(middle_only) == []  # the finding starts on that line


def test_file_level_noqa_skips_the_file():
    assert codes("# gnnlint: noqa\n" + HEADER + "X = X / np.max(X)\n") == []
    assert codes("# gnnlint: noqa: GNN3\n" + HEADER + "X = X / np.max(X)\n") == []
    # Only on its own line: inside code it is an ordinary (unknown) comment.
    assert codes(HEADER + "X = X / np.max(X)\nz = 1  # gnnlint: noqa\n") == [(2, "GNN301")]


def test_unused_noqa_only_for_own_codes():
    assert codes(HEADER + "x = 1  # noqa: GNN301\n") == [(2, "GNN902")]
    assert codes(HEADER + "x = 1  # noqa: E501\n") == []
    assert codes(HEADER + "x = 1  # noqa\n") == []
