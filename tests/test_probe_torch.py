"""The runtime probe on PyTorch / PyG models. One run_probe call probes every file (torch imports
cost seconds per child process), and the tests read its results."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest

import gnnlint
from gnnlint.probe import confirm, run_probe

pytestmark = [
    pytest.mark.torch,
    pytest.mark.skipif(importlib.util.find_spec("torch") is None or importlib.util.find_spec("torch_geometric") is None,
                       reason="needs torch and torch_geometric"),
]

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "probe"
TORCH_FIXTURES = ["pyg_gcn_uniform_init.py", "pyg_gcn_good.py", "torch_norm_isolated.py"]

EXPLICIT = '''\
import torch
import torch.nn.functional as F
from torch_geometric.data import Data
from torch_geometric.nn import GCNConv


class Net(torch.nn.Module):
    def __init__(self, sizes):
        super().__init__()
        self.conv1 = GCNConv(sizes[0], sizes[1])
        self.conv2 = GCNConv(sizes[1], sizes[2])

    def forward(self, data):
        x = F.relu(self.conv1(data.x, data.edge_index))
        return F.log_softmax(self.conv2(x, data.edge_index), dim=1)


def gnnlint_probe():
    from gnnlint import ProbeCase

    edge_index = torch.tensor([[0, 1, 1, 2, 3, 4], [1, 0, 2, 1, 4, 3]])
    data = Data(x=torch.randn(7, 5), edge_index=edge_index)
    return ProbeCase(model=Net([5, 8, 3]), inputs=data, target=torch.tensor([0, 1, 2, 0, 1, 2, 0]))


def gnnlint_probe_broken():
    from gnnlint import ProbeCase

    return ProbeCase(model=Net([5, 8, 3]), inputs=(torch.randn(7, 4),))
'''

ABORTS = "import os\nimport torch\n\nos.abort()\n"


@pytest.fixture(scope="module")
def probed(tmp_path_factory):
    root = tmp_path_factory.mktemp("torch_probe")
    for name in TORCH_FIXTURES:
        shutil.copy(FIXTURES / name, root / name)
    (root / "explicit_probe.py").write_text(EXPLICIT)
    (root / "aborts.py").write_text(ABORTS)
    stages: list[str] = []
    report = root / "report.html"
    found = run_probe([str(root)], timeout=120, progress=stages.append, html_report=str(report))
    by_file: dict[str, list] = {}
    for diagnostic in found:
        by_file.setdefault(Path(diagnostic.path).name, []).append(diagnostic)
    return {"root": root, "found": found, "by_file": by_file, "stages": stages, "report": report}


def codes(probed, name):
    return sorted(d.code for d in probed["by_file"].get(name, []))


def test_positive_uniform_init_explodes(probed):
    found = probed["by_file"]["pyg_gcn_uniform_init.py"]
    assert "GNN802" in codes(probed, "pyg_gcn_uniform_init.py")
    exploding = next(d for d in found if d.code == "GNN802")
    assert exploding.line == 13 and "threshold 1.00e+06" in exploding.message and "conv1" in exploding.message
    blowup = next(d for d in found if d.code == "GNN806")
    assert "threshold 10x per layer" in blowup.message


def test_well_built_gcn_has_no_finding(probed):
    assert codes(probed, "pyg_gcn_good.py") == []


def test_unguarded_degree_normalisation_gives_nan_at_the_pow_line(probed):
    (finding,) = probed["by_file"]["torch_norm_isolated.py"]
    assert finding.code == "GNN801" and finding.line == 15
    assert "`pow`" in finding.message and "`gc1` (DenseGraphConv)" in finding.message


def test_explicit_probes_run_each_function(probed):
    found = probed["by_file"]["explicit_probe.py"]
    graph = next(d for d in found if d.code == "GNN807")
    assert "[gnnlint_probe]" in graph.message and "2 isolated nodes" in graph.message and graph.line == 18
    failed = next(d for d in found if d.code == "GNN808")
    assert "[gnnlint_probe_broken]" in failed.message and "AttributeError" in failed.message
    assert {d.code for d in found} == {"GNN807", "GNN808"}


def test_a_crashing_file_does_not_stop_the_others(probed):
    (crash,) = probed["by_file"]["aborts.py"]
    assert crash.code == "GNN808" and "SIGABRT" in crash.message


def test_static_findings_are_confirmed(probed):
    static = gnnlint.lint_paths([str(probed["root"] / name) for name in TORCH_FIXTURES])
    static = [d for d in static if d.code in ("GNN102", "GNN201")]
    confirm(static, probed["found"])
    confirmed = {(Path(d.path).name, d.code): d.confirmed for d in static}
    if ("pyg_gcn_uniform_init.py", "GNN201") in confirmed:
        assert "mean |grad|" in confirmed[("pyg_gcn_uniform_init.py", "GNN201")]
    if ("torch_norm_isolated.py", "GNN102") in confirmed:
        assert "NaN/Inf" in confirmed[("torch_norm_isolated.py", "GNN102")]
    assert confirmed, "the static pass found neither GNN102 nor GNN201 in the fixtures"


def test_progress_names_the_stages(probed):
    stages = probed["stages"]
    assert "pyg_gcn_good.py: building GCN" in stages
    assert "pyg_gcn_good.py: forward" in stages and "pyg_gcn_good.py: backward" in stages


def test_html_report(probed):
    page = probed["report"].read_text(encoding="utf-8")
    assert "UniformGCN" in page and "DenseGCN" in page and page.count("<svg") >= 6
    assert "SIGABRT" in page
