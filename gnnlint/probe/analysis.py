"""Measurements to findings: the GNN801-GNN808 thresholds and the messages that carry the evidence.

Pure Python (no framework), so the thresholds are unit-tested on hand-written records.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from gnnlint.diagnostics import Diagnostic
from gnnlint.probe.stats import num

if TYPE_CHECKING:
    from gnnlint.probe.runner import FileResult

# Thresholds, with their sources (see rules/GNN80x-*/README.md).
EXPLODING_MEAN_GRAD = 1e6      # TheDeepChecker
EXPLODING_RATIO = 70.0         # AUTOTRAINER: first/last layer gradient-norm ratio
VANISHING_MEAN_GRAD = 1e-7     # DeepDiagnosis
VANISHING_RATIO = 1e-3         # AUTOTRAINER, together with ...
VANISHING_FIRST_NORM = 1e-4    # ... a small first-layer gradient norm
DEAD_FRACTION = 0.7            # AUTOTRAINER
SATURATED_FRACTION = 0.5       # DeepDiagnosis: |x| >= 5 for over half the values
SATURATION_LEVEL = 5.0
BLOWUP_PER_LAYER = 10.0        # calibrated on fixtures/probe (no published threshold)
BLOWUP_CUMULATIVE = 1e3

NAMES = {
    "GNN801": ("non-finite-values", "error"),
    "GNN802": ("exploding-gradients", "error"),
    "GNN803": ("vanishing-gradients", "warning"),
    "GNN804": ("dead-units", "warning"),
    "GNN805": ("saturated-activations", "warning"),
    "GNN806": ("propagation-blowup", "error"),
    "GNN807": ("graph-input-hazards", "info"),
    "GNN808": ("probe-failed", "error"),
}


# A file that imports a framework but holds nothing the probe can run: said so (info, never failing
# the run) so that a clean probe is not mistaken for a checked model.
NO_MODEL = ("probe: no model found, nothing was run (no torch.nn.Module or Keras Model whose forward the probe "
            "can call, no module-level model, no `gnnlint_probe()`); define `gnnlint_probe()` to probe this file")


def _fmt(value: float) -> str:
    if not math.isfinite(value):
        return "inf" if value > 0 else ("nan" if math.isnan(value) else "-inf")
    if value == 0:
        return "0"
    if 1e-3 <= abs(value) < 1e4:
        return f"{value:.3g}"
    return f"{value:.2e}"


def make(code: str, path: str, line: int | None, message: str, *, summary: str, lines: Iterable[int | None] = (),
         span: Sequence[int] | None = None, layers: Iterable[str] = (), case: dict[str, Any] | None = None,
         severity: str | None = None, measure: str | None = None) -> Diagnostic:
    name, default_severity = NAMES[code]
    severity = severity or default_severity
    diagnostic = Diagnostic(path=path, line=line or 1, column=1, code=code, name=name, message=message,
                            severity=severity)  # type: ignore[arg-type]
    # Evidence for confirm(): kept off the dataclass fields so reporters and JSON output are unchanged.
    diagnostic._probe_summary = summary  # type: ignore[attr-defined]
    # A measurement of the user's own training step was made on the data handed over at the step's
    # line (`model.fit([X, A], y)`): a static finding about that data is tied to it too.
    step_line = case.get("line") if case is not None and case.get("kind") == "training step" else None
    diagnostic._probe_lines = frozenset(l for l in (line, step_line, *lines) if l)  # type: ignore[attr-defined]
    diagnostic._probe_span = tuple(span) if span else None  # type: ignore[attr-defined]
    diagnostic._probe_layers = frozenset(layers)  # type: ignore[attr-defined]
    diagnostic._probe_measure = measure  # type: ignore[attr-defined]  # e.g. "grad-magnitude" (confirm.py)
    if case is not None:
        entry = {"code": code, "layers": list(layers), "message": message}
        listed = case.setdefault("findings", [])
        listed.append(entry)
        diagnostic._probe_forget = lambda: listed.remove(entry)  # type: ignore[attr-defined]
    return diagnostic


def _layer_lines(layer: dict[str, Any]) -> list[int]:
    return [l for l in (layer.get("def_line"), layer.get("call_line")) if l]


def _where(layer: dict[str, Any], case: dict[str, Any]) -> int | None:
    return layer.get("def_line") or layer.get("call_line") or case.get("line")


def _label(layer: dict[str, Any]) -> str:
    return f"`{layer['name']}` ({layer['type']})"


def case_findings(path: str, case: dict[str, Any]) -> list[Diagnostic]:
    """Every finding one measured case supports."""
    found: list[Diagnostic] = []
    span = case.get("span")
    intro = f"[{case['label']}] "
    if case.get("error"):
        error = case["error"]
        found.append(make("GNN808", path, error.get("line") or case.get("line"),
                          f"{intro}probe failed: {error['reason']}{_hint(error)}",
                          summary=f"probe failed: {error['reason']}", span=span, case=case))
        return found
    layers = case.get("layers") or []
    by_name = {layer["name"]: layer for layer in layers}
    found += _non_finite(path, case, layers, intro, span)
    found += _gradients(path, case, layers, by_name, intro, span)
    found += _activations(path, case, by_name, intro, span)
    found += _blowup(path, case, layers, intro, span)
    found += _graph(path, case, intro, span)
    return found


def _non_finite(path: str, case: dict[str, Any], layers: list[dict[str, Any]], intro: str,
                span: list[int] | None) -> list[Diagnostic]:
    bad = next((layer for layer in layers if layer.get("out") and layer["out"]["nonfinite"]), None)
    origin = case.get("origin")
    grads = [g for g in case.get("grads", []) if g["nonfinite"]]
    loss = case.get("loss") or {}
    loss_bad = not math.isfinite(num(loss.get("value", 0.0)))
    output_bad = bool((case.get("output") or {}).get("nonfinite"))
    graph = case.get("graph") or {}
    if not (bad or grads or loss_bad or output_bad):
        return []
    if bad is not None:
        out = bad["out"]
        what = f"{out['nonfinite']} of {out['numel']} values of the output of {_label(bad)} are NaN/Inf"
        line, lines, names = _where(bad, case), _layer_lines(bad), [bad["name"]]
    elif output_bad or loss_bad:
        what = "the model output is NaN/Inf" if output_bad else f"the loss ({loss.get('kind')}) is NaN/Inf"
        line, lines, names = case.get("line"), [], []
    else:
        first = grads[0]
        what = f"the gradient of `{first['name']}` has {first['nonfinite']} NaN/Inf values of {first['numel']}"
        line, lines, names = case.get("line"), [], [first["layer"]] if first["layer"] else []
    if origin:
        what += f"; the first non-finite value comes from `{origin['op']}`"
        if origin.get("line"):
            what += f" called at line {origin['line']}"
            line = origin["line"] if origin.get("direct") else line
            lines = [*lines, *origin.get("lines", [])]
    elif graph.get("nonfinite_features"):
        what += f"; the probe inputs already hold {graph['nonfinite_features']} non-finite feature values"
    isolated = f" (the probe graph has {case['graph']['isolated']} isolated nodes)" if graph.get("isolated") else ""
    return [make("GNN801", path, line, f"{intro}{what}{isolated} (threshold: any)",
                 summary=f"probe: {what.split(';')[0]}", lines=lines, span=span, layers=names, case=case)]


def _weight_norms(case: dict[str, Any], by_name: dict[str, dict[str, Any]]) -> list[tuple[dict[str, Any], float]]:
    """Per layer with weights, in execution order: the norm of its weight gradients."""
    per_layer: dict[str, float] = {}
    for grad in case.get("grads", []):
        if grad["weight"] and grad["layer"] in by_name:
            norm = num(grad["norm"])
            per_layer[grad["layer"]] = math.hypot(per_layer.get(grad["layer"], 0.0), norm)
    layers = sorted((by_name[n] for n in per_layer), key=lambda l: l["order"])
    return [(layer, per_layer[layer["name"]]) for layer in layers]


def _gradients(path: str, case: dict[str, Any], layers: list[dict[str, Any]], by_name: dict[str, dict[str, Any]],
               intro: str, span: list[int] | None) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    exploding: dict[str, dict[str, Any]] = {}
    vanishing: dict[str, dict[str, Any]] = {}
    for grad in case.get("grads", []):
        if not grad["weight"] or grad["nonfinite"]:
            continue
        mean = num(grad["mean_abs"])
        key = grad["layer"] or grad["name"]
        if mean > EXPLODING_MEAN_GRAD and mean > num(exploding.get(key, {}).get("mean_abs", 0)):
            exploding[key] = grad
        elif mean < VANISHING_MEAN_GRAD and key not in vanishing:
            vanishing[key] = grad
    found += _per_weight(path, case, by_name, intro, span, "GNN802", exploding, EXPLODING_MEAN_GRAD, "")
    found += _per_weight(path, case, by_name, intro, span, "GNN803", vanishing, VANISHING_MEAN_GRAD,
                         ": these layers do not learn")
    norms = _weight_norms(case, by_name)
    if len(norms) >= 2:
        (first, first_norm), (last, last_norm) = norms[0], norms[-1]
        if last_norm > 0 and math.isfinite(first_norm):
            ratio = first_norm / last_norm
            if ratio > EXPLODING_RATIO and not exploding:
                message = (f"{intro}the gradient norm of the first layer {_label(first)} is {_fmt(ratio)}x that of "
                           f"the last layer {_label(last)} ({_fmt(first_norm)} vs {_fmt(last_norm)}; threshold "
                           f"{_fmt(EXPLODING_RATIO)}x): gradients grow on their way back to the input")
                found.append(make("GNN802", path, _where(first, case), message,
                                  summary=f"probe: first/last gradient-norm ratio {_fmt(ratio)} (threshold {_fmt(EXPLODING_RATIO)})",
                                  lines=_layer_lines(first), span=span, layers=[first["name"], last["name"]], case=case,
                                  measure="grad-ratio"))
            elif ratio < VANISHING_RATIO and first_norm < VANISHING_FIRST_NORM and not vanishing:
                message = (f"{intro}the gradient norm of the first layer {_label(first)} is {_fmt(first_norm)}, "
                           f"{_fmt(ratio)}x that of the last layer {_label(last)} (thresholds: ratio "
                           f"{_fmt(VANISHING_RATIO)} with first norm < {_fmt(VANISHING_FIRST_NORM)})")
                found.append(make("GNN803", path, _where(first, case), message,
                                  summary=f"probe: first/last gradient-norm ratio {_fmt(ratio)} (threshold {_fmt(VANISHING_RATIO)})",
                                  lines=_layer_lines(first), span=span, layers=[first["name"], last["name"]], case=case,
                                  measure="grad-ratio"))
    return found


def _per_weight(path: str, case: dict[str, Any], by_name: dict[str, dict[str, Any]], intro: str,
                span: list[int] | None, code: str, hits: dict[str, Any], threshold: float, tail: str) -> list[Diagnostic]:
    """One finding per case for all the weights past a threshold, at the first of them to run."""
    if not hits:
        return []
    order = lambda item: by_name.get(item[1]["layer"], {}).get("order", 1 << 30)  # noqa: E731
    ranked = sorted(hits.items(), key=order)
    parts = [f"`{grad['name']}` {_fmt(num(grad['mean_abs']))}" for _, grad in ranked[:4]]
    more = f" and {len(ranked) - 4} more" if len(ranked) > 4 else ""
    key, first = ranked[0]
    layer = by_name.get(first["layer"], {})
    side = "above" if code == "GNN802" else "below"
    message = (f"{intro}mean |grad| is {side} the threshold {_fmt(threshold)} in {len(ranked)} weight tensor"
               f"{'s' if len(ranked) > 1 else ''}: {', '.join(parts)}{more}{tail}")
    layers = [grad["layer"] or k for k, grad in ranked]
    lines = [l for k, grad in ranked for l in _layer_lines(by_name.get(grad["layer"], {}))]
    summary = f"probe: mean |grad| {_fmt(num(first['mean_abs']))} in {key} (threshold {_fmt(threshold)})"
    return [make(code, path, _where(layer, case) if layer else case.get("line"), message, summary=summary,
                 lines=lines, span=span, layers=layers, case=case, measure="grad-magnitude")]


def _activations(path: str, case: dict[str, Any], by_name: dict[str, dict[str, Any]], intro: str,
                 span: list[int] | None) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    seen: set[tuple[str, int | None]] = set()
    for act in case.get("activations", []):
        key = (act["kind"], act.get("line"))
        fraction = num(act["fraction"])
        layer = by_name.get(act.get("layer") or "", {})
        inside = f" inside {_label(layer)}" if layer else ""
        line = act.get("line") or (_where(layer, case) if layer else case.get("line"))
        if key in seen:
            continue
        if act["kind"] == "relu" and fraction >= DEAD_FRACTION:
            seen.add(key)
            message = (f"{intro}{fraction:.0%} of the ReLU outputs{inside} are exactly 0 over the non-isolated "
                       f"nodes (threshold {DEAD_FRACTION:.0%}): those units pass no gradient")
            found.append(make("GNN804", path, line, message,
                              summary=f"probe: {fraction:.0%} of ReLU outputs are 0 (threshold {DEAD_FRACTION:.0%})",
                              lines=[*act.get("lines", []), *_layer_lines(layer)], span=span,
                              layers=[layer["name"]] if layer else [], case=case))
        elif act["kind"] in ("tanh", "sigmoid") and fraction > SATURATED_FRACTION:
            seen.add(key)
            message = (f"{intro}{fraction:.0%} of the {act['kind']} inputs{inside} have |x| >= {SATURATION_LEVEL:g} "
                       f"(threshold {SATURATED_FRACTION:.0%}): the activation is saturated and its gradient is ~0")
            found.append(make("GNN805", path, line, message,
                              summary=f"probe: {fraction:.0%} of {act['kind']} inputs saturated (threshold {SATURATED_FRACTION:.0%})",
                              lines=[*act.get("lines", []), *_layer_lines(layer)], span=span,
                              layers=[layer["name"]] if layer else [], case=case))
    return found


def growth(layer: dict[str, Any]) -> float:
    """RMS(out) / RMS(in) of a layer, NaN when either is missing or zero."""
    rms_in = num((layer.get("in") or {}).get("rms"))
    rms_out = num((layer.get("out") or {}).get("rms"))
    if not (rms_in > 0) or not math.isfinite(rms_out):
        return math.nan
    return rms_out / rms_in


def _blowup(path: str, case: dict[str, Any], layers: list[dict[str, Any]], intro: str,
            span: list[int] | None) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    mp = [layer for layer in layers if layer.get("mp")]
    for layer in mp:
        ratio = growth(layer)
        if ratio > BLOWUP_PER_LAYER:
            message = (f"{intro}activation RMS grows {_fmt(ratio)}x across message-passing layer {_label(layer)} "
                       f"({_fmt(num(layer['in']['rms']))} -> {_fmt(num(layer['out']['rms']))}; threshold "
                       f"{_fmt(BLOWUP_PER_LAYER)}x per layer)")
            found.append(make("GNN806", path, _where(layer, case), message,
                              summary=f"probe: RMS grows {_fmt(ratio)}x per layer in {layer['name']} (threshold {_fmt(BLOWUP_PER_LAYER)})",
                              lines=_layer_lines(layer), span=span, layers=[layer["name"]], case=case))
    if len(mp) >= 2 and not found:
        rms_in = num((mp[0].get("in") or {}).get("rms"))
        rms_out = num((mp[-1].get("out") or {}).get("rms"))
        if rms_in > 0 and math.isfinite(rms_out) and rms_out / rms_in > BLOWUP_CUMULATIVE:
            ratio = rms_out / rms_in
            message = (f"{intro}activation RMS grows {_fmt(ratio)}x from the input of {_label(mp[0])} to the output "
                       f"of {_label(mp[-1])} (threshold {_fmt(BLOWUP_CUMULATIVE)}x over the stack)")
            found.append(make("GNN806", path, _where(mp[-1], case), message,
                              summary=f"probe: RMS grows {_fmt(ratio)}x over {len(mp)} message-passing layers",
                              lines=[l for layer in mp for l in _layer_lines(layer)], span=span,
                              layers=[layer["name"] for layer in mp], case=case))
    return found


def _graph(path: str, case: dict[str, Any], intro: str, span: list[int] | None) -> list[Diagnostic]:
    graph = case.get("graph") or {}
    if case.get("kind") not in ("explicit", "training step") or not graph:
        return []
    hazards = []
    if graph.get("isolated"):
        hazards.append(f"{graph['isolated']} isolated nodes")
    if graph.get("self_loops") == 0 and graph.get("isolated") is not None:
        hazards.append("no self-loops")
    if graph.get("nonpositive_weights"):
        hazards.append(f"{graph['nonpositive_weights']} zero or negative edge weights")
    if graph.get("nonfinite_weights"):
        hazards.append(f"{graph['nonfinite_weights']} non-finite edge weights")
    if graph.get("nonfinite_features"):
        hazards.append(f"{graph['nonfinite_features']} non-finite feature values")
    if not hazards:
        return []
    message = (f"{intro}the probe graph ({graph['num_nodes']} nodes) has {', '.join(hazards)}: propagation code "
               "must guard these (threshold: any)")
    return [make("GNN807", path, case.get("line"), message, summary=f"probe graph: {', '.join(hazards)}", span=span,
                 case=case)]


def file_findings(result: FileResult) -> list[Diagnostic]:
    """Every finding for one probed file (a runner.FileResult)."""
    found: list[Diagnostic] = []
    for case in result.cases:
        found += case_findings(result.path, case)
    if result.fatal is not None:
        found.append(fatal_finding(result.path, result.fatal))
    elif not result.cases:
        found.append(make("GNN808", result.path, 1, NO_MODEL, summary="probe: no model found", severity="info"))
    return found


def _hint(failure: dict[str, Any]) -> str:
    return f"; {failure['hint']}" if failure.get("hint") else ""


def fatal_finding(path: str, fatal: dict[str, Any]) -> Diagnostic:
    return make("GNN808", path, fatal.get("line"), f"probe failed: {fatal['reason']}{_hint(fatal)}",
                summary=f"probe failed: {fatal['reason']}")
