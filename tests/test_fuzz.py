"""Property-based tests: the engine never raises on any source, and results depend neither on
--jobs nor on file order."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gnnlint.catalogue import catalogue_dir, examples
from gnnlint.engine import RULE_ERROR, LintSettings, lint_source
from gnnlint.rules import builtin_rules
from gnnlint.runner import lint_files

ALL = LintSettings(rules=tuple(builtin_rules()))

# Real lines from every rule page: the mutations start from code the rules care about.
LINES = sorted({line for page in sorted(catalogue_dir().glob("*/README.md"))
                for example in examples(page.read_text(encoding="utf-8"))
                for line in example.source.splitlines() if line.strip()})
FRAGMENTS = ["(", ")", "[", "]", ":", "\n", "    ", "lambda x: ", "**", "-0.5", "/", "@", "1e-9", "None", "'",
             '"""', "\\", "#", "async ", "yield ", "*", ",", "=", "if x:", "else", "del ", "...", "\t"]


@st.composite
def sources(draw):
    lines = draw(st.lists(st.sampled_from(LINES), min_size=1, max_size=25))
    text = "\n".join(lines) + "\n"
    for _ in range(draw(st.integers(0, 6))):
        position = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["insert", "delete", "dedent"]))
        if action == "insert":
            text = text[:position] + draw(st.sampled_from(FRAGMENTS)) + text[position:]
        elif action == "delete":
            text = text[:position] + text[position + draw(st.integers(1, 8)):]
        else:
            text = text.replace("\n    ", "\n", 1)
    return text


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sources())
def test_the_engine_never_raises_and_no_rule_crashes(source):
    diagnostics = lint_source(source, "fuzz.py", ALL)
    crashed = [d.message for d in diagnostics if d.code == RULE_ERROR]
    assert crashed == [], source


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_text_never_raises(text):
    lint_source(text, "fuzz.py", ALL)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(sources(), min_size=8, max_size=14), st.randoms())
def test_results_do_not_depend_on_jobs_or_order(tmp_path_factory, files, random):
    folder = Path(tmp_path_factory.mktemp("fuzz"))
    paths = []
    for index, source in enumerate(files):
        path = folder / f"m{index}.py"
        path.write_text(source, encoding="utf-8")
        paths.append(str(path))

    def run(order, jobs):
        outcomes = lint_files(order, ALL, jobs=jobs)
        return sorted((d.path, d.line, d.column, d.code, d.message) for o in outcomes for d in o.diagnostics)

    shuffled = list(paths)
    random.shuffle(shuffled)
    serial = run(paths, 1)
    assert run(shuffled, 1) == serial
    assert run(shuffled, 2) == serial
