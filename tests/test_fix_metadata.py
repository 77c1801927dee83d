"""Whether a rule has an automatic fix has one source of truth, the rule's ``fix`` attribute: the
catalogue page's ``## Fix`` section, the fix cases, the findings and ``--list-rules`` agree with it."""

from __future__ import annotations

import json

import pytest

from gnnlint.catalogue import catalogue_dir, page_path, sections
from gnnlint.engine import LintSettings, lint_source
from gnnlint.rules import builtin_rules
from tests.conftest import run_gnnlint

RULES = builtin_rules()


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_the_catalogue_page_says_what_the_rule_declares(rule):
    page = page_path(rule)
    if page is None:
        pytest.skip("no page (engine and probe codes are checked by test_catalogue)")
    fix = sections(page.read_text(encoding="utf-8")).get("Fix", (0, ""))[1].strip()
    said = "safe" if fix.startswith("Safe fix") else "unsafe" if fix.startswith("Unsafe fix") else None
    assert said == rule.fix, f"{page}: the Fix section says {said!r}, the rule declares fix = {rule.fix!r}"
    cases = page.parent / "cases"
    assert (rule.fix is not None) == any(cases.glob("*.fixed.py")), "fix cases exist exactly for rules with a fix"


def test_fixes_offered_on_the_cases_are_of_the_declared_kind():
    settings = LintSettings(rules=tuple(RULES))
    by_code = {rule.code: rule for rule in RULES}
    offered = {}
    for case in sorted(catalogue_dir().glob("*/cases/*.py")):
        if case.name.endswith(".fixed.py"):
            continue
        for d in lint_source(case.read_text(encoding="utf-8"), str(case), settings):
            if d.fix is not None:
                offered.setdefault(d.code, set()).add(d.fix)
    assert offered, "the cases offer fixes"
    for code, kinds in offered.items():
        assert kinds == {by_code[code].fix}, (code, kinds)


def test_list_rules_json_says_which_rules_fix(tmp_path):
    rows = {r["code"]: r for r in json.loads(run_gnnlint("--list-rules", "--output-format", "json", cwd=tmp_path).stdout)}
    assert (rows["GNN102"]["fix"], rows["GNN102"]["fix_safety"]) == (True, "safe")
    assert (rows["GNN201"]["fix"], rows["GNN201"]["fix_safety"]) == (True, "unsafe")
    # GNN101 has a fix title (advice) but nothing --fix could apply
    assert rows["GNN101"]["fix"] is False and rows["GNN101"]["fix_safety"] is None
    assert {code for code, row in rows.items() if row["fix"]} == {r.code for r in RULES if r.fix}
