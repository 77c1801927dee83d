"""The runtime probe on TensorFlow / Keras / Spektral models. One run_probe call probes every file
(a TensorFlow import costs seconds per child process), and the tests read its results."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest

from gnnlint.probe import run_probe

pytestmark = [
    pytest.mark.tensorflow,
    pytest.mark.skipif(any(importlib.util.find_spec(m) is None for m in ("tensorflow", "tf_keras", "spektral")),
                       reason="needs tensorflow, tf_keras and spektral"),
]

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "probe"
TF_FIXTURES = ["tf_norm_isolated.py", "spektral_raw_adjacency.py", "spektral_gcn_good.py"]


@pytest.fixture(scope="module")
def probed(tmp_path_factory):
    root = tmp_path_factory.mktemp("tf_probe")
    for name in TF_FIXTURES:
        shutil.copy(FIXTURES / name, root / name)
    stages: list[str] = []
    report = root / "report.html"
    found = run_probe([str(root)], timeout=150, progress=stages.append, html_report=str(report))
    by_file: dict[str, list] = {}
    for diagnostic in found:
        by_file.setdefault(Path(diagnostic.path).name, []).append(diagnostic)
    return {"found": found, "by_file": by_file, "stages": stages, "report": report}


def test_unguarded_tf_normalisation_gives_nan_at_the_pow_line(probed):
    (finding,) = probed["by_file"]["tf_norm_isolated.py"]
    assert finding.code == "GNN801" and finding.line == 19
    assert "`Pow`" in finding.message and "`graph_conv` (GraphConv)" in finding.message


def test_spektral_on_a_raw_adjacency_blows_up(probed):
    found = probed["by_file"]["spektral_raw_adjacency.py"]
    blowups = [d for d in found if d.code == "GNN806"]
    assert blowups and all(d.line in (26, 27) for d in blowups)
    assert all("threshold 10x per layer" in d.message and "GCNConv" in d.message for d in blowups)
    hazards = [d for d in found if d.code == "GNN807"]
    assert len(hazards) == 1 and "no self-loops" in hazards[0].message and hazards[0].line == 32


def test_well_built_spektral_gcn_has_no_finding(probed):
    assert "spektral_gcn_good.py" not in probed["by_file"]


def test_synthesised_spektral_input_is_preprocessed_the_way_the_layer_expects(probed):
    page = probed["report"].read_text(encoding="utf-8")
    assert "GCNConv.preprocess(A)" in page  # the good model was called on gcn_filter(A), not the raw A
    assert "gcn_conv_1" in page and "<svg" in page


def test_progress_names_the_stages(probed):
    assert "spektral_gcn_good.py: building GCN" in probed["stages"]
    assert "tf_norm_isolated.py: locating the first NaN/Inf" in probed["stages"]
