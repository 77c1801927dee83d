"""The catalogue is tested documentation: every page's examples run through the real engine."""

from __future__ import annotations

import pytest

from gnnlint.catalogue import catalogue_dir, render_index
from gnnlint.rules import builtin_rules
from gnnlint.testing import check_rule_catalogue

RULES = builtin_rules()
CATALOGUE = catalogue_dir()


def test_catalogue_is_found():
    assert CATALOGUE is not None and CATALOGUE.name in ("rules", "catalogue")


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_page_examples_match_the_engine(rule):
    assert check_rule_catalogue(rule, CATALOGUE, all_rules=RULES) == []


def test_every_rule_has_a_folder_and_every_folder_a_rule():
    folders = {p.name for p in CATALOGUE.iterdir() if p.is_dir()}
    registered = {f"{r.code}-{r.name}" for r in RULES}
    assert folders == registered


def test_index_lists_exactly_the_registered_rules():
    expected = render_index(RULES)
    actual = (CATALOGUE / "README.md").read_text(encoding="utf-8")
    assert actual == expected, "rules/README.md is stale: run `python -m gnnlint.catalogue > rules/README.md`"


def test_a_wrong_marker_is_caught(tmp_path):
    """The checker itself: a page whose example claims a finding the rule does not make fails."""
    rule = next(r for r in RULES if r.code == "GNN301")
    folder = tmp_path / f"{rule.code}-{rule.name}"
    folder.mkdir()
    page = (CATALOGUE / f"{rule.code}-{rule.name}" / "README.md").read_text(encoding="utf-8")
    folder.joinpath("README.md").write_text(page.replace("X = X / np.max(X)  # warning: [max-scaling]",
                                                         "X = X / np.max(X)"), encoding="utf-8")
    problems = check_rule_catalogue(rule, tmp_path)
    assert any("unexpected warning [max-scaling]" in p for p in problems)
