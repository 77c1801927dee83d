"""Programs reproducing the failures of ../shared/seeds report the right codes at the right lines,
and their corrected versions report nothing. All rules are enabled, as with `--select ALL`."""

from __future__ import annotations

from pathlib import Path

import pytest

from gnnlint.catalogue import expected_markers
from gnnlint.rules import builtin_rules
from gnnlint.testing import lint_with

SEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "seeds"
FIXTURES = sorted(SEEDS.glob("*.py"))


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_seed_fixture_reports_exactly_its_markers(path):
    source = path.read_text(encoding="utf-8")
    expected = expected_markers(source)
    if path.stem.endswith("_good"):
        assert not expected, "a corrected fixture must not carry markers"
    actual = {(d.line, d.name, d.severity) for d in lint_with(source, builtin_rules(), str(path))}
    assert actual == expected


def test_every_bad_fixture_has_a_corrected_twin():
    bad = {p.stem.removesuffix("_bad") for p in FIXTURES if p.stem.endswith("_bad")}
    good = {p.stem.removesuffix("_good") for p in FIXTURES if p.stem.endswith("_good")}
    assert bad == good
