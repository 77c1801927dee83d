"""The probe through the real command line, as CI and pre-commit run it: selection, ignores, noqa,
exclude and .gitignore, option errors, progress lines. One probe run of a small project serves
most tests (every probed file costs a torch import in a child process)."""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import zlib
import time
from pathlib import Path

import pytest

from tests.conftest import run_gnnlint

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "probe"
needs_torch = pytest.mark.skipif(
    importlib.util.find_spec("torch") is None or importlib.util.find_spec("torch_geometric") is None,
    reason="needs torch and torch_geometric")

# Executed only if the probe wrongly runs an excluded file: it leaves a marker next to itself.
LEAVES_A_MARK = 'import pathlib\nimport torch\n\npathlib.Path(__file__).with_suffix(".ran").write_text("ran")\n'

EXPLICIT = '''\
import torch
from torch_geometric.data import Data
from torch_geometric.nn import GCNConv


class Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = GCNConv(5, 3)

    def forward(self, data):
        return self.conv(data.x, data.edge_index)


def gnnlint_probe():
    from gnnlint import ProbeCase

    edge_index = torch.tensor([[0, 1], [1, 0]])
    return ProbeCase(model=Net(), inputs=Data(x=torch.randn(4, 5), edge_index=edge_index))
'''

NEEDS_MAIN = '''\
import torch


class Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.lin = torch.nn.Linear(dataset.num_features, 2)

    def forward(self, x, edge_index):
        return self.lin(x)


model = Net()

if __name__ == "__main__":
    dataset = torch.load("cora.pt")
'''

# Port 9 (discard) on the loopback: refused at once, with or without a network.
DOWNLOADS = '''\
import urllib.request

import torch

urllib.request.urlretrieve("http://127.0.0.1:9/cora.zip", "cora.zip")
'''

NEEDS_DGL = "import torch\nimport dgl\n"

NO_MODEL = "import torch\n\nSCALE = torch.tensor(2.0)\n"

# A training step without clipping (static GNN401), defined but never run.
TRAIN = '''

def train(model, inputs, target, optimizer):
    optimizer.zero_grad()
    loss = torch.nn.functional.mse_loss(model(*inputs), target)
    loss.backward()
    optimizer.step()
'''

NUMPY_NORM = '''\
import numpy as np
import torch
from torch import nn

adj = np.array([[0, 1, 1, 0], [1, 0, 1, 0], [1, 1, 0, 0], [0, 0, 0, 0]], dtype=np.float32)
d_inv_sqrt = np.diag(adj.sum(axis=1) ** -0.5)
adj_norm = torch.from_numpy(d_inv_sqrt @ adj @ d_inv_sqrt)


class GCN(nn.Module):
    def __init__(self, in_features=8, out_features=4):
        super().__init__()
        self.lin = nn.Linear(in_features, out_features)

    def forward(self, x, adj):
        return adj @ self.lin(x)
'''

CONFIG = '''\
[tool.gnnlint]
exclude = ["legacy"]
ignore = ["GNN806"]
extend-select = ["GNN401"]  # its info findings too: the confirmation tests read them

[tool.gnnlint.per-file-ignores]
"pfi_*.py" = ["GNN8"]
'''


def _uniform(first_line: str = "", class_comment: str = "") -> str:
    text = (FIXTURES / "pyg_gcn_uniform_init.py").read_text(encoding="utf-8")
    text = text.replace("class UniformGCN(nn.Module):", f"class UniformGCN(nn.Module):{class_comment}")
    return first_line + text


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("probe_cli")
    (root / "pyproject.toml").write_text(CONFIG)
    (root / ".gitignore").write_text("scratch.py\n")
    (root / "legacy").mkdir()
    (root / "legacy" / "old.py").write_text(LEAVES_A_MARK)
    (root / "scratch.py").write_text(LEAVES_A_MARK)
    (root / "skipped.py").write_text("# gnnlint: noqa\n" + LEAVES_A_MARK)
    (root / "uniform.py").write_text(_uniform() + TRAIN)
    (root / "nan_training.py").write_text((FIXTURES / "torch_norm_isolated.py").read_text(encoding="utf-8") + TRAIN)
    (root / "numpy_norm.py").write_text(NUMPY_NORM)
    (root / "pfi_uniform.py").write_text(_uniform())
    (root / "noqa_class.py").write_text(_uniform(class_comment="  # noqa: GNN802"))
    (root / "noqa_first.py").write_text(_uniform(first_line="# noqa: GNN802\n"))
    (root / "explicit.py").write_text(EXPLICIT)
    (root / "needs_main.py").write_text(NEEDS_MAIN)
    (root / "downloads.py").write_text(DOWNLOADS)
    (root / "needs_dgl.py").write_text(NEEDS_DGL)
    (root / "no_model.py").write_text(NO_MODEL)
    return root


@pytest.fixture(scope="module")
def default_run(project):
    """`gnnlint --probe .` with the project's configuration, JSON output, not on a terminal."""
    start = time.monotonic()
    result = run_gnnlint("--probe", "--output-format", "json", "--probe-report", "report.html", ".", cwd=project)
    seconds = time.monotonic() - start
    assert result.returncode == 1, result.stderr
    document = json.loads(result.stdout)
    by_file: dict[str, list[dict]] = {}
    static: dict[tuple[str, str], dict] = {}
    for diagnostic in document["diagnostics"]:
        name = Path(diagnostic["path"]).name
        if diagnostic["code"].startswith("GNN8"):
            by_file.setdefault(name, []).append(diagnostic)
        else:
            static[(name, diagnostic["code"])] = diagnostic
    return {"result": result, "by_file": by_file, "static": static, "seconds": seconds}


def probe_codes(run, name):
    return sorted(d["code"] for d in run["by_file"].get(name, []))


# ------------------------------------------------------------------------------------------ option errors

@pytest.mark.parametrize("options, expected", [
    (["--probe-device", "gpu0"], "--probe-device 'gpu0': not a device (use cpu, cuda or cuda:N)"),
    (["--probe-timeout", "0"], "--probe-timeout 0: must be a positive number of seconds"),
    (["--probe-timeout", "-5"], "--probe-timeout -5: must be a positive number of seconds"),
    (["--probe-report", "no/such/folder/report.html"], "the folder"),
    (["--probe-report", "."], "is a directory"),
])
def test_unusable_probe_options_are_one_line_usage_errors(tmp_path, options, expected):
    (tmp_path / "model.py").write_text(LEAVES_A_MARK)
    start = time.monotonic()
    result = run_gnnlint("--probe", *options, "model.py", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith("gnnlint: error: --probe-") and expected in line
    assert not (tmp_path / "model.ran").exists()  # refused before anything ran
    assert time.monotonic() - start < 30


def test_cuda_without_a_visible_gpu_is_a_usage_error(tmp_path):
    (tmp_path / "model.py").write_text(LEAVES_A_MARK)
    result = run_gnnlint("--probe-only", "--probe-device", "cuda", "model.py", cwd=tmp_path,
                         env={"CUDA_VISIBLE_DEVICES": ""})
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == ("gnnlint: error: --probe-device cuda: no CUDA device is available (no NVIDIA driver, "
                             "or CUDA_VISIBLE_DEVICES hides them); use --probe-device cpu\n")
    assert not (tmp_path / "model.ran").exists()


# ------------------------------------------------------------------------------------------ what runs

@needs_torch
def test_excluded_gitignored_and_noqa_files_never_run(project, default_run):
    assert not list(project.rglob("*.ran"))
    stderr = default_run["result"].stderr
    assert "old.py" not in stderr and "scratch.py" not in stderr and "skipped.py" not in stderr


@needs_torch
def test_one_progress_line_per_probed_file_off_a_terminal(default_run):
    lines = [l for l in default_run["result"].stderr.splitlines() if l.startswith("gnnlint probe: ")]
    names = sorted(l.split(": ")[1] for l in lines)
    assert names == sorted(["explicit.py", "noqa_class.py", "noqa_first.py", "pfi_uniform.py", "uniform.py",
                            "needs_main.py", "downloads.py", "needs_dgl.py", "no_model.py", "nan_training.py",
                            "numpy_norm.py"])
    uniform = next(l for l in lines if l.split(": ")[1] == "uniform.py")
    assert "probed UniformGCN; 1 finding (" in uniform and uniform.endswith(" s)")


# ------------------------------------------------------------------------------------------ what is reported

@needs_torch
def test_config_ignore_applies_to_probe_findings(default_run):
    assert probe_codes(default_run, "uniform.py") == ["GNN802"]  # GNN806 is ignored in pyproject.toml


@needs_torch
def test_per_file_ignores_apply_to_probe_findings(default_run):
    assert probe_codes(default_run, "pfi_uniform.py") == []


@needs_torch
def test_noqa_on_the_model_class_line_or_the_first_line(default_run):
    assert probe_codes(default_run, "noqa_class.py") == []
    assert probe_codes(default_run, "noqa_first.py") == []


@needs_torch
def test_info_graph_hazards_are_off_by_default(default_run):
    assert "GNN807" not in probe_codes(default_run, "explicit.py")


@needs_torch
def test_select_and_ignore_on_the_command_line(project):
    result = run_gnnlint("--probe-only", "--select", "GNN807,GNN802", "--ignore", "GNN802", "--output-format", "json",
                         "explicit.py", "uniform.py", cwd=project)
    codes = sorted((Path(d["path"]).name, d["code"]) for d in json.loads(result.stdout)["diagnostics"])
    assert codes == [("explicit.py", "GNN807")], result.stderr
    assert result.returncode == 0  # GNN807 is info: below the default --fail-on warning



# ------------------------------------------------------------------------------------------ GNN808 hints

def failure(run, name) -> dict:
    (found,) = [d for d in run["by_file"][name] if d["code"] == "GNN808"]
    return found


@needs_torch
def test_a_name_defined_under_main_says_to_declare_a_probe_function(default_run):
    found = failure(default_run, "needs_main.py")
    assert found["line"] == 7
    assert "NameError: name 'dataset' is not defined (at needs_main.py:7)" in found["message"]
    assert "`dataset` is defined only under `if __name__ == \"__main__\":`" in found["message"]
    assert "define `gnnlint_probe()` returning `gnnlint.ProbeCase(model, inputs)`" in found["message"]


@needs_torch
def test_a_failed_download_says_to_move_the_data_loading(default_run):
    found = failure(default_run, "downloads.py")
    assert found["line"] == 5 and "URLError" in found["message"] and "(at downloads.py:5)" in found["message"]
    assert "move the download and data loading behind `if __name__ == \"__main__\":`" in found["message"]


@needs_torch
@pytest.mark.skipif(importlib.util.find_spec("dgl") is not None, reason="dgl is installed here")
def test_a_missing_package_says_what_to_install(default_run):
    found = failure(default_run, "needs_dgl.py")
    assert "ModuleNotFoundError: No module named 'dgl' (at needs_dgl.py:2)" in found["message"]
    assert "`pip install dgl`" in found["message"]


# ------------------------------------------------------------------------------------------ no model, report

@needs_torch
def test_a_file_with_no_model_says_so_without_failing_the_run(default_run):
    (note,) = default_run["by_file"]["no_model.py"]
    assert (note["code"], note["severity"], note["line"]) == ("GNN808", "info", 1)
    assert note["message"].startswith("probe: no model found, nothing was run")


@needs_torch
@pytest.mark.parametrize("output_format, expected", [
    ("text", ["no_model.py:1:1: GNN808 ", "probe: no model found, nothing was run"]),
    ("github", ["::notice file=no_model.py,line=1", "probe: no model found, nothing was run"]),
    ("sarif", ['"text": "probe: no model found, nothing was run', '"level": "note"']),
])
def test_the_no_model_note_in_every_output_format(project, output_format, expected):
    result = run_gnnlint("--probe-only", "--output-format", output_format, "no_model.py", cwd=project)
    assert result.returncode == 0, result.stderr
    for part in expected:
        assert part in result.stdout


@needs_torch
def test_the_html_report_opens_with_a_summary(project, default_run):
    page = (project / "report.html").read_text(encoding="utf-8")
    summary = page[page.index("<section id='summary'>"):page.index("</section>")]
    assert "<tr><th>files probed</th><td>11</td></tr>" in summary
    assert "<tr><th>static findings confirmed</th><td>" in summary and "(confirmed: probe: mean |grad|" in summary
    assert "Files where no model was found" in summary and "no_model.py" in summary
    assert "Files the probe could not run" in summary and "needs_main.py" in summary
    # suppressed findings are not listed: noqa_class.py's GNN802 is measured but not shown
    noqa_section = page[page.index("noqa_class.py: UniformGCN"):]
    noqa_section = noqa_section[:noqa_section.index("<h2>", 1)]
    assert "<span class='bad'>GNN802</span>" not in noqa_section and "No probe finding." in noqa_section


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _distinct_bytes(png: bytes) -> int:
    """How many distinct byte values the decompressed image data holds (a blank page has very few)."""
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    position, data = 8, b""
    while position < len(png):
        length = int.from_bytes(png[position:position + 4], "big")
        kind = png[position + 4:position + 8]
        if kind == b"IDAT":
            data += png[position + 8:position + 8 + length]
        position += 12 + length
    return len(set(zlib.decompress(data)))


@needs_torch
@pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium (.ci/run installs it)")
def test_the_html_report_renders_in_headless_chromium(project, default_run, tmp_path):
    url = (project / "report.html").as_uri()
    flags = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=900,1400",
             f"--user-data-dir={tmp_path / 'profile'}"]
    shot = tmp_path / "report.png"
    subprocess.run([*flags, f"--screenshot={shot}", url], capture_output=True, timeout=120, cwd=tmp_path)
    dom = subprocess.run([*flags, "--dump-dom", url], capture_output=True, text=True, timeout=120, cwd=tmp_path).stdout
    assert shot.is_file() and _distinct_bytes(shot.read_bytes()) > 20
    assert "gnnlint probe report" in dom and "Summary" in dom and "Files where no model was found" in dom
    assert "no_model.py" in dom and dom.count("<svg") >= 3


# ------------------------------------------------------------------------------------------ confirmation

@needs_torch
def test_missing_clipping_is_confirmed_by_exploding_gradients_not_by_a_nan(default_run):
    static = default_run["static"]
    assert "GNN801" in probe_codes(default_run, "nan_training.py")  # the forward pass produced NaN ...
    assert static[("nan_training.py", "GNN401")]["confirmed"] is None  # ... which clipping would not prevent
    assert static[("uniform.py", "GNN401")]["confirmed"].startswith("probe: mean |grad| ")


@needs_torch
def test_a_degree_normalisation_in_numpy_is_confirmed_by_its_own_value(default_run):
    finding = default_run["static"][("numpy_norm.py", "GNN102")]
    assert finding["line"] == 6
    assert finding["confirmed"] == "probe: this expression evaluated to 1 NaN/Inf of 4 values"
    assert default_run["static"][("nan_training.py", "GNN102")]["confirmed"].startswith("probe: this expression")


# ------------------------------------------------------------------------------------------ the user's step

TRAINS_AT_TOP_LEVEL = '''\
import pathlib

import torch
import torch.nn.functional as F
from torch_geometric.data import Data
from torch_geometric.nn import GCNConv

LOG = pathlib.Path(__file__).with_suffix(".log")


class GCN(torch.nn.Module):
    def __init__(self, features, classes):
        super().__init__()
        self.conv1 = GCNConv(features, 16)
        self.conv2 = GCNConv(16, classes)

    def forward(self, x, edge_index):
        x = F.relu(self.conv1(x, edge_index))
        return self.conv2(x, edge_index) * 1e8


edge_index = torch.tensor([[0, 1, 1, 2, 3, 4], [1, 0, 2, 1, 4, 3]])
data = Data(x=torch.randn(7, 5), edge_index=edge_index, y=torch.randn(7, 3))
model = GCN(5, 3)
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
for epoch in range(2000):
    optimizer.zero_grad()
    loss = F.mse_loss(model(data.x, data.edge_index), data.y)
    with LOG.open("a") as log:
        log.write(f"forward {epoch}\\n")
    loss.backward()
    optimizer.step()
    print(f"AFTER THE FIRST STEP {epoch}")
    with LOG.open("a") as log:
        log.write(f"after {epoch}\\n")
'''


@needs_torch
def test_a_training_script_is_probed_at_its_first_step_and_stopped_there(tmp_path):
    (tmp_path / "train.py").write_text(TRAINS_AT_TOP_LEVEL)
    start = time.monotonic()
    result = run_gnnlint("--probe-only", "--select", "GNN8", "--output-format", "json", "--probe-report", "r.html",
                         "train.py", cwd=tmp_path)
    assert time.monotonic() - start < 60
    assert (tmp_path / "train.log").read_text() == "forward 0\n"  # nothing after the first step ran
    assert "AFTER THE FIRST STEP" not in result.stdout + result.stderr
    found = json.loads(result.stdout)["diagnostics"]
    # the user's graph (2 isolated nodes), the user's loss on an output scaled by 1e8: exploding gradients
    assert {d["code"] for d in found} == {"GNN802", "GNN807"}, found
    assert all(d["message"].startswith("[GCN (your first training step)]") for d in found)
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "your script ran as `__main__` up to its first `backward()` (line 31)" in page


@needs_torch
def test_a_script_that_never_reaches_its_first_step_times_out_with_a_hint(tmp_path):
    (tmp_path / "slow.py").write_text("import time\n\nimport torch\n\ntime.sleep(600)\ntorch.zeros(1).backward()\n")
    result = run_gnnlint("--probe-only", "--probe-timeout", "5", "--output-format", "json", "slow.py", cwd=tmp_path)
    (found,) = json.loads(result.stdout)["diagnostics"]
    assert "timed out after 5 s while running slow.py to its first training step" in found["message"]
    assert "runs a training script as `__main__` up to its first `backward()`" in found["message"]


needs_spektral = pytest.mark.skipif(importlib.util.find_spec("spektral") is None, reason="needs spektral")


@needs_spektral
def test_a_keras_script_is_probed_at_its_first_fit_and_its_static_finding_confirmed(tmp_path):
    """Issue 18's Spektral script as a plain file: a raw adjacency handed to fit([X, A], y). The probe
    runs it to its first fit(), measures that model on that data, and the blow-up it measures
    confirms the static GNN101 on the fit line; nothing after fit() runs."""
    shutil.copy(Path(__file__).parent.parent / "fixtures" / "probe" / "spektral_fit_script.py", tmp_path / "karate.py")
    start = time.monotonic()
    result = run_gnnlint("--probe", "--output-format", "json", "karate.py", cwd=tmp_path)
    assert time.monotonic() - start < 60
    assert not (tmp_path / "after_fit.txt").exists()
    found = {d["code"]: d for d in json.loads(result.stdout)["diagnostics"]}
    assert "GNN806" in found and found["GNN806"]["message"].startswith("[model (your first training step)]")
    assert found["GNN101"]["line"] == 26 and found["GNN101"]["confirmed"]


@needs_torch
def test_a_pyg_script_with_uniform_weights_is_probed_at_its_first_step_and_the_init_confirmed(tmp_path):
    """Issue 18's PyG script: U(0, 1) weights and a 2,000-epoch loop at the top level. Probed at its
    first step within seconds; the blow-up measured there confirms GNN201 on the init line."""
    shutil.copy(Path(__file__).parent.parent / "fixtures" / "seeds" / "train_uniform_gcn_script_bad.py",
                tmp_path / "script.py")
    start = time.monotonic()
    result = run_gnnlint("--probe", "--output-format", "json", "script.py", cwd=tmp_path)
    assert time.monotonic() - start < 60
    found = {d["code"]: d for d in json.loads(result.stdout)["diagnostics"]}
    assert found["GNN806"]["message"].startswith("[Net (your first training step)]")
    assert found["GNN201"]["line"] == 17 and found["GNN201"]["confirmed"]
