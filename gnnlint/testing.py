"""Helpers for testing rules against their catalogue, for gnnlint and for plugin authors.

A catalogue folder ``<CODE>-<name>/`` holds ``README.md`` (python blocks under *Example* carry
``# error: [name]`` markers on the lines that must be reported; blocks under *Use instead* must
report nothing) and optionally ``cases/*.py`` marked the same way. Use it from pytest::

    from gnnlint.testing import check_rule_catalogue

    def test_my_rules(tmp_path):
        assert check_rule_catalogue(MyRule, Path("rules")) == []
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from gnnlint.catalogue import REQUIRED_HEADINGS, examples, expected_markers, sections
from gnnlint.diagnostics import Diagnostic
from gnnlint.engine import LintSettings, lint_source
from gnnlint.rule import Rule


def lint_with(source: str, rules: Sequence[type[Rule]], path: str = "<example>") -> list[Diagnostic]:
    """Lint ``source`` with exactly these rules enabled."""
    return lint_source(source, path, LintSettings(rules=tuple(rules)))


def _mismatch(label: str, source: str, rule: type[Rule], rules: Sequence[type[Rule]]) -> list[str]:
    expected = expected_markers(source)
    names = {rule.name} | {name for _, name, _ in expected}
    actual = {(d.line, d.name, d.severity) for d in lint_with(source, rules) if d.name in names}
    problems = []
    for line, name, severity in sorted(expected - actual):
        problems.append(f"{label}: line {line}: expected {severity} [{name}], not reported")
    for line, name, severity in sorted(actual - expected):
        problems.append(f"{label}: line {line}: unexpected {severity} [{name}]")
    return problems


def check_rule_catalogue(rule: type[Rule], catalogue: Path, all_rules: Sequence[type[Rule]] | None = None) -> list[str]:
    """Every problem with ``rule``'s catalogue folder, as readable lines; empty when it is right.

    Examples are linted with ``all_rules`` enabled (default: just ``rule``) so that markers for
    other rules can be checked too.
    """
    rules = list(all_rules) if all_rules is not None else [rule]
    folder = catalogue / f"{rule.code}-{rule.name}"
    page = folder / "README.md"
    if not page.is_file():
        return [f"{rule.code}: no catalogue page at {page}"]
    markdown = page.read_text(encoding="utf-8")
    problems = [f"{page}: missing section '## {h}'" for h in REQUIRED_HEADINGS if h not in sections(markdown)]
    if not markdown.startswith(f"# {rule.code} {rule.name}"):
        problems.append(f"{page}: must start with '# {rule.code} {rule.name}'")
    for example in examples(markdown):
        label = f"{page}:{example.markdown_line} ({example.section})"
        if example.section == "Use instead" and example.expected:
            problems.append(f"{label}: a 'Use instead' block must not carry markers")
        problems += _mismatch(label, example.source, rule, rules)
    for case in sorted((folder / "cases").glob("*.py")) if (folder / "cases").is_dir() else []:
        if case.name.endswith(".fixed.py"):
            continue
        source = case.read_text(encoding="utf-8")
        problems += _mismatch(str(case), source, rule, rules)
        expected_fix = case.with_name(case.stem + ".fixed.py")
        if expected_fix.is_file():
            problems += _check_fix(case, source, expected_fix.read_text(encoding="utf-8"), rule)
    return problems


def _check_fix(case: Path, source: str, expected: str, rule: type[Rule]) -> list[str]:
    """``x.py`` fixed (unsafe fixes included) must equal ``x.fixed.py``, and fixing again changes nothing."""
    from gnnlint.fix import fix_source

    settings = LintSettings(rules=(rule,))
    fixed = fix_source(source, str(case), settings, unsafe=True).source
    if fixed != expected:
        return [f"{case}: the fix does not produce {case.stem}.fixed.py:\n{fixed}"]
    if fix_source(fixed, str(case), settings, unsafe=True).source != fixed:
        return [f"{case}: fixing {case.stem}.fixed.py again changes it (not idempotent)"]
    return []
