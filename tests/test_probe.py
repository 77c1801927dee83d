"""The runtime probe without a framework: process isolation, thresholds, confirmation, the HTML
report, constructor filling. Framework runs are in test_probe_torch.py / test_probe_tensorflow.py."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from gnnlint.diagnostics import Diagnostic
from gnnlint.probe import analysis, confirm, run_probe
from gnnlint.probe.report import render
from gnnlint.probe.runner import FileResult, candidate_files, probe_file
from gnnlint.probe.synth import CannotSynthesise, call_plan, fill_constructor

REPO = Path(__file__).resolve().parent.parent
ISOLATION = REPO / "fixtures" / "probe" / "isolation"


# ------------------------------------------------------------------------------------------ isolation

@pytest.mark.parametrize("target, timeout, expected", [
    ("aborts.py", 30, "aborted (SIGABRT)"),
    ("hangs.py", 3, "timed out after 3 s while importing hangs.py"),
    ("allocates.py", 30, "out of memory"),
    ("exits.py", 30, "sys.exit(3)"),
    ("hard_exit.py", 30, "exited with status 0"),
    ("raises.py", 30, "KeyError: 'num_features'"),
])
def test_a_misbehaving_target_becomes_a_probe_failure(target, timeout, expected):
    path = str(ISOLATION / target)
    start = time.monotonic()
    result = probe_file(path, timeout=timeout, memory_mb=1024)
    assert time.monotonic() - start < timeout + 10
    assert result.cases == []
    assert result.fatal is not None and expected in result.fatal["reason"], result.fatal
    finding = analysis.fatal_finding(path, result.fatal)
    assert (finding.code, finding.name, finding.severity) == ("GNN808", "probe-failed", "error")


def test_the_line_of_a_module_level_exception_is_reported():
    result = probe_file(str(ISOLATION / "raises.py"), timeout=30)
    assert analysis.fatal_finding("raises.py", result.fatal).line == 3


def test_only_files_importing_a_framework_are_candidates(tmp_path):
    (tmp_path / "model.py").write_text("import torch\n")
    (tmp_path / "keras_model.py").write_text("from tensorflow import keras\n")
    (tmp_path / "util.py").write_text("import os\n# import torch in a comment does not count\n")
    (tmp_path / "notes.txt").write_text("import torch\n")
    assert sorted(Path(p).name for p in candidate_files([str(tmp_path)])) == ["keras_model.py", "model.py"]
    assert run_probe([str(tmp_path / "util.py")]) == []


def test_importing_the_probe_imports_no_framework():
    code = ("import sys, gnnlint.probe, gnnlint.probe.analysis, gnnlint.probe.runner, gnnlint.probe.report\n"
            "print(sorted(m for m in ('torch', 'tensorflow', 'keras', 'numpy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO)
    assert out.stdout.strip() == "[]"


# ------------------------------------------------------------------------------------------ thresholds

def layer(name, order, rms_in, rms_out, *, mp=True, nonfinite=0, line=10):
    return {"name": name, "type": "GCNConv", "mp": mp, "def_line": line, "call_line": line + 20, "order": order,
            "in": {"rms": rms_in, "max": rms_in, "nonfinite": 0, "numel": 10},
            "out": {"rms": rms_out, "max": rms_out, "nonfinite": nonfinite, "numel": 10}}


def grad(name, layer_name, mean, norm, nonfinite=0):
    return {"name": name, "layer": layer_name, "weight": True, "numel": 10, "mean_abs": mean, "norm": norm,
            "nonfinite": nonfinite}


def case(**parts):
    base = {"label": "Net", "backend": "torch", "kind": "synthesised", "line": 5, "span": [5, 40], "note": "",
            "layers": [], "activations": [], "grads": [], "loss": {"value": 1.0, "kind": "MSE"}, "origin": None,
            "graph": None, "output": None, "error": None}
    base.update(parts)
    return base


def codes(record):
    return sorted(d.code for d in analysis.case_findings("m.py", record))


def test_a_healthy_case_has_no_finding():
    record = case(layers=[layer("conv1", 0, 193.0, 123.0), layer("conv2", 1, 42.0, 41.0, line=11)],
                  grads=[grad("conv1.lin.weight", "conv1", 283.0, 16000.0), grad("conv2.lin.weight", "conv2", 376.0, 6700.0)],
                  activations=[{"kind": "relu", "fraction": 0.56, "line": 18, "lines": [18], "layer": None}])
    assert codes(record) == []


@pytest.mark.parametrize("rms_out, expected", [(10.0 * 1.0, []), (10.5, ["GNN806"])])
def test_blowup_threshold_is_ten_per_layer(rms_out, expected):
    assert codes(case(layers=[layer("conv1", 0, 1.0, rms_out)])) == expected


def test_cumulative_blowup_is_reported_once_when_no_layer_crosses_ten():
    layers = [layer(f"conv{i}", i, 9.0 ** i, 9.0 ** (i + 1), line=10 + i) for i in range(4)]  # 9^4 = 6561x
    found = analysis.case_findings("m.py", case(layers=layers))
    assert [d.code for d in found] == ["GNN806"] and "over the stack" in found[0].message
    assert found[0].line == 13


def test_non_finite_reports_the_first_layer_and_the_direct_origin():
    record = case(layers=[layer("conv1", 0, 1.0, 1.0, nonfinite=4), layer("conv2", 1, 1.0, 1.0, nonfinite=9)],
                  origin={"op": "pow", "line": 15, "lines": [15, 27], "direct": True, "count": 4})
    (found,) = analysis.case_findings("m.py", record)
    assert found.code == "GNN801" and found.line == 15 and "`conv1`" in found.message and "`pow`" in found.message
    # An origin inside a library (not called from the user's file) leaves the finding on the layer.
    record["origin"]["direct"] = False
    (found,) = analysis.case_findings("m.py", record)
    assert found.line == 10


@pytest.mark.parametrize("mean, expected", [(1.1e6, ["GNN802"]), (1e6, []), (9e-8, ["GNN803"]), (1e-7, [])])
def test_mean_gradient_thresholds(mean, expected):
    assert codes(case(layers=[layer("conv1", 0, 1, 1)], grads=[grad("conv1.weight", "conv1", mean, 1.0)])) == expected


def test_many_exploding_weights_make_one_finding():
    grads = [grad(f"l{i}.weight", f"l{i}", 1e9, 1e10) for i in range(6)]
    layers = [layer(f"l{i}", i, 1, 1, mp=False, line=10 + i) for i in range(6)]
    (found,) = analysis.case_findings("m.py", case(layers=layers, grads=grads))
    assert found.code == "GNN802" and "6 weight tensors" in found.message and "and 2 more" in found.message
    assert found.line == 10


def test_first_last_gradient_ratio():
    layers = [layer("a", 0, 1, 1, mp=False), layer("b", 1, 1, 1, mp=False, line=12)]
    exploding = case(layers=layers, grads=[grad("a.w", "a", 1.0, 71.0), grad("b.w", "b", 1.0, 1.0)])
    assert codes(exploding) == ["GNN802"]
    vanishing = case(layers=layers, grads=[grad("a.w", "a", 1e-6, 5e-5), grad("b.w", "b", 1.0, 1.0)])
    assert codes(vanishing) == ["GNN803"]
    small_but_not_tiny = case(layers=layers, grads=[grad("a.w", "a", 1e-6, 5e-4), grad("b.w", "b", 1.0, 1.0)])
    assert codes(small_but_not_tiny) == []


@pytest.mark.parametrize("kind, fraction, expected", [
    ("relu", 0.7, ["GNN804"]), ("relu", 0.69, []), ("tanh", 0.51, ["GNN805"]), ("sigmoid", 0.5, []),
])
def test_activation_thresholds(kind, fraction, expected):
    act = {"kind": kind, "fraction": fraction, "line": 18, "lines": [18], "layer": None}
    assert codes(case(activations=[act, dict(act)])) == expected  # one finding per call site


def test_graph_hazards_only_for_explicit_probes():
    graph = {"num_nodes": 10, "isolated": 2, "self_loops": 0, "nonpositive_weights": 1}
    found = analysis.case_findings("m.py", case(kind="explicit", graph=graph))
    assert [d.code for d in found] == ["GNN807"] and "2 isolated nodes" in found[0].message
    assert analysis.case_findings("m.py", case(kind="synthesised", graph=graph)) == []


def test_a_failed_case_is_gnn808_on_its_line():
    record = case(error={"reason": "ValueError: boom", "kind": "exception", "line": 22})
    (found,) = analysis.case_findings("m.py", record)
    assert (found.code, found.line) == ("GNN808", 22) and "ValueError: boom" in found.message


# ------------------------------------------------------------------------------------------ confirmation

def static(code, line, path="m.py", end_line=None):
    return Diagnostic(path=path, line=line, column=1, code=code, name="x", message="m", severity="error",
                      end_line=end_line)


def test_confirm_by_line_by_layer_and_by_file(tmp_path):
    source = tmp_path / "m.py"
    source.write_text("\n".join([
        "class Net:",                                        # 1
        "    def __init__(self):",                           # 2
        "        self.conv1 = GCNConv(8, 16)",               # 3
        "        nn.init.uniform_(self.conv1.lin.weight)",   # 4
        "        nn.init.uniform_(self.other.weight)",       # 5
        "        for p in self.parameters(): uniform_(p)",   # 6
        "    def forward(self, x, adj):",                    # 7
        "        d = deg.pow(-0.5)",                         # 8
        "",                                                  # 9
        "opt.step()",                                        # 10
    ]) + "\n")
    path = str(source)
    nan = analysis.case_findings(path, case(layers=[layer("conv1", 0, 1, 1, nonfinite=3, line=3)],
                                            origin={"op": "pow", "line": 8, "lines": [8], "direct": True}))
    boom = analysis.case_findings(path, case(span=[1, 8], layers=[layer("conv1", 0, 1, 1, line=3)],
                                             grads=[grad("conv1.lin.weight", "conv1", 1e9, 1e9)]))
    found = nan + boom
    by_line = static("GNN102", 8, path)
    by_name = static("GNN201", 4, path)
    by_span = static("GNN201", 6, path)
    other_layer = static("GNN201", 5, path)
    clipping = static("GNN401", 10, path)
    unrelated_code = static("GNN301", 8, path)
    elsewhere = static("GNN102", 8, str(tmp_path / "other.py"))
    everything = [by_line, by_name, by_span, other_layer, clipping, unrelated_code, elsewhere]
    confirm(everything, found)
    assert by_line.confirmed and "NaN/Inf" in by_line.confirmed
    assert by_name.confirmed and "1.00e+09" in by_name.confirmed
    assert by_span.confirmed
    assert clipping.confirmed
    assert other_layer.confirmed is None and unrelated_code.confirmed is None and elsewhere.confirmed is None


def test_clipping_is_confirmed_only_by_exploding_gradient_magnitudes(tmp_path):
    """Clipping by global norm changes gradient magnitudes: not a NaN in the forward pass, and not the
    first/last gradient-norm ratio (it scales every layer alike)."""
    path = str(tmp_path / "m.py")
    nan = analysis.case_findings(path, case(layers=[layer("conv1", 0, 1, 1, nonfinite=3, line=3)]))
    layers = [layer("a", 0, 1, 1, mp=False), layer("b", 1, 1, 1, mp=False, line=12)]
    ratio = analysis.case_findings(path, case(layers=layers, grads=[grad("a.w", "a", 1.0, 71.0), grad("b.w", "b", 1.0, 1.0)]))
    assert [d.code for d in nan] == ["GNN801"] and [d.code for d in ratio] == ["GNN802"]
    clipping = static("GNN401", 10, path)
    confirm([clipping], nan + ratio)
    assert clipping.confirmed is None
    boom = analysis.case_findings(path, case(layers=[layer("conv1", 0, 1, 1)], grads=[grad("conv1.w", "conv1", 1e9, 1e9)]))
    confirm([clipping], boom)
    assert clipping.confirmed == "probe: mean |grad| 1.00e+09 in conv1 (threshold 1.00e+06)"


def test_a_watched_expression_reports_its_own_non_finite_value():
    np = pytest.importorskip("numpy")
    from gnnlint.probe.watch import Watcher, instrument

    source = ("import numpy as np\n"
              "deg = np.array([2.0, 0.0, 1.0])\n"
              "inv = np.diag(deg ** -0.5)\n"          # line 3: `deg ** -0.5` is columns 15-26
              "ok = np.sqrt(deg + 1.0)\n")
    hits = []
    targets = [{"key": 0, "line": 3, "column": 15, "end_line": 3, "end_column": 26},
               {"key": 1, "line": 4, "column": 6, "end_line": 4, "end_column": 24}]
    namespace = {"__gnnlint_watch__": Watcher(hits.append)}
    with np.errstate(divide="ignore"):
        exec(instrument(source, "m.py", targets), namespace)
    assert hits == [{"key": 0, "nonfinite": 1, "numel": 3}]
    assert np.isinf(namespace["inv"]).sum() == 1  # the program computes what it did before


def test_confirmation_does_not_change_what_reporters_serialise():
    (found,) = analysis.case_findings("m.py", case(layers=[layer("conv1", 0, 1.0, 50.0)]))
    assert set(found.to_dict()) == set(static("GNN101", 1).to_dict())


# ------------------------------------------------------------------------------------------ report

def test_report_is_self_contained_and_marks_offenders():
    record = case(layers=[layer("conv1", 0, 1.0, 2.0), layer("conv2", 1, 2.0, 80.0, line=11)],
                  grads=[grad("conv1.w", "conv1", 1.0, 1.0), grad("conv2.w", "conv2", "inf", "inf", nonfinite=1)])
    analysis.case_findings("m.py", record)
    page = render([FileResult("m.py", [record]), FileResult("bad.py", [], {"reason": "timed out after 1 s"})])
    assert page.startswith("<!DOCTYPE html>") and "<svg" in page and "GNN806" in page
    assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "") and "https://" not in page
    assert "<script" not in page and "<link" not in page
    assert "class='offending'" in page and "timed out after 1 s" in page and "1e6" in page


# ------------------------------------------------------------------------------------------ synthesis

def test_constructor_filling():
    class Seed:
        def __init__(self, nin=1, nhid1=128, nout=128, hid_l=64, out_l=1): ...

    class Usual:
        def __init__(self, in_channels, hidden_channels, out_channels, num_layers, dropout=0.5): ...

    class Odd:
        def __init__(self, config): ...

    assert fill_constructor(Seed) == ({}, [], 1)
    kwargs, chosen, features = fill_constructor(Usual)
    assert kwargs == {"in_channels": 8, "hidden_channels": 16, "out_channels": 4, "num_layers": 2}
    assert features == 8 and "in_channels=8" in chosen
    with pytest.raises(CannotSynthesise, match="`config`"):
        fill_constructor(Odd)


def test_call_plans():
    def pyg(self, x, edge_index, edge_weight=None): ...
    def data(self, data): ...
    def dense(self, x, adj): ...
    def batched(self, x, edge_index, batch): ...
    def image(self, images): ...

    assert call_plan(pyg) == ("args", ["edge_index"])
    assert call_plan(data) == ("data", [])
    assert call_plan(dense) == ("args", ["adj"])
    assert call_plan(batched) == ("args", ["edge_index", "batch"])
    with pytest.raises(CannotSynthesise):
        call_plan(image)


def test_a_watched_expression_after_non_ascii_text_is_found():
    """Columns are characters (as the static pass reports them); ast counts UTF-8 bytes."""
    from gnnlint.probe.watch import Watcher, instrument

    source = 'x = "é"; y = 1e308 * 10.0\n'  # `1e308 * 10.0` is inf, `1e308` alone is not
    hits = []
    target = {"key": 7, "line": 1, "column": 14, "end_line": 1, "end_column": 26}
    exec(instrument(source, "m.py", [target]), {"__gnnlint_watch__": Watcher(hits.append)})
    assert hits == [{"key": 7, "nonfinite": 1, "numel": 1}]
