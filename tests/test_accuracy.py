"""The labelled corpus (fixtures/corpus) reports exactly its `# expect:` markers, and the scorer's
marker parser and matcher do what bench/accuracy.py documents."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest
from conftest import REPO

SCORER = REPO / "bench" / "accuracy.py"


def _scorer():
    spec = importlib.util.spec_from_file_location("gnnlint_bench_accuracy", SCORER)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


def test_corpus_reports_exactly_its_markers():
    done = subprocess.run([sys.executable, str(SCORER)], capture_output=True, text=True, cwd=REPO, timeout=300)
    if done.returncode != 0:
        pytest.fail(f"bench/accuracy.py exited {done.returncode}: a marked finding was missed or an unmarked "
                    f"one was reported (rule bugs go to the rules, not to the markers)\n{done.stdout}\n{done.stderr}",
                    pytrace=False)


def test_marker_parser_and_matcher():
    accuracy = _scorer()
    source = (
        'note = "# expect: GNN999 inside a string is text"\n'
        "deg_inv = deg.pow(-0.5)  # expect: GNN102\n"
        "optimizer.step()  # expect: GNN401, GNN505\n"
        "out = adj @ x  # expect-miss: GNN101 (built in another module)\n"
        "x = x / x.max()\n"
    )
    markers = accuracy.parse_markers(source, "p.py")
    assert markers.expected == {("p.py", 2, "GNN102"), ("p.py", 3, "GNN401"), ("p.py", 3, "GNN505")}
    assert markers.known_misses == {("p.py", 4, "GNN101"): "built in another module"}

    reported = {("p.py", 2, "GNN102"): "m", ("p.py", 3, "GNN401"): "m", ("p.py", 5, "GNN301"): "m"}
    score = accuracy.Score(1, markers.expected, markers.known_misses, reported)
    assert score.misses == [("p.py", 3, "GNN505")]
    assert score.open_known_misses == [("p.py", 4, "GNN101")]
    assert score.false_positives == [("p.py", 5, "GNN301")]
    assert not score.ok
    result = score.as_dict()
    assert result["marked"] == 4 and result["found"] == 2 and result["reported"] == 3
    assert result["recall"] == 0.5 and result["precision"] == 0.667
    assert result["families"]["GNN1xx"] == {"marked": 2, "found": 1, "reported": 1, "false_positives": 0,
                                            "recall": 0.5}
    assert result["families"]["GNN3xx"]["false_positives"] == 1
    text = accuracy.render(result)
    assert "p.py:3: GNN505" in text and "p.py:5: GNN301" in text and "FAILED" in text

    # A known miss the rules now find counts as found and asks for its marker to become `expect`.
    fixed = accuracy.Score(1, set(), markers.known_misses, {("p.py", 4, "GNN101"): "m"})
    assert fixed.ok and fixed.fixed_known_misses == [("p.py", 4, "GNN101")]
