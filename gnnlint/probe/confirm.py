"""Which static findings a probe measurement corroborates, and how they are matched.

A static finding is confirmed by a probe finding of a corroborating code (the table below) in the
same file when either
- lines: the static finding's line range holds, or lies within one line of, a line the probe tied to
  its finding: the layer's creation or call line, the activation call, or any line of the user's file
  on the stack when the first NaN/Inf was produced; or
- layer: for initialisation and architecture codes, the static line names one of the offending layers
  (``nn.init.uniform_(self.conv1.lin.weight)`` names ``conv1``), or, naming none, lies inside the class
  of the probed model (``for p in self.parameters(): uniform_(p)``); or
- file: for codes about the training step (clipping), any corroborating finding in the file.

A probe code may name the measurement it must be (``GNN802:grad-magnitude``): a confirmation is a
measurement the suggested fix would change. Clipping by global norm bounds gradient magnitudes, so
GNN401/GNN402 are confirmed by mean |grad| above 1e6 only, never by a NaN (clipping a NaN gradient
leaves a NaN) nor by the first/last gradient-norm ratio (clipping scales every layer alike).

Before any of this, the expressions of value hazards (WATCHED: a division by a degree, a log, a
sqrt...) are instrumented in the probe's child (watch.py): such a finding is confirmed by the value
its own expression produced holding NaN/Inf, wherever it ran (module-level NumPy preprocessing
included), which needs no matching at all.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from gnnlint.diagnostics import Diagnostic

if TYPE_CHECKING:
    from gnnlint.probe.runner import FileResult

# static code -> (probe codes that corroborate it, how they may match)
# The probe codes are in order of preference: the first that matches gives the confirmation text.
CORROBORATED_BY: dict[str, tuple[tuple[str, ...], str]] = {
    "GNN101": (("GNN806", "GNN801", "GNN802",), "lines"),   # unnormalized-adjacency
    "GNN102": (("GNN801",), "lines"),                       # zero-degree-division
    "GNN103": (("GNN806", "GNN801", "GNN802",), "lines"),   # tiny-degree-epsilon
    "GNN104": (("GNN806", "GNN801",), "lines"),             # missing-self-loops
    "GNN105": (("GNN801",), "lines"),                       # dense-diagonal-inverse
    "GNN201": (("GNN802", "GNN806", "GNN804", "GNN803", "GNN801",), "layer"),  # positive-uniform-init
    "GNN202": (("GNN802", "GNN806", "GNN805", "GNN801",), "layer"),            # unscaled-init
    "GNN203": (("GNN803", "GNN804",), "layer"),             # constant-weight-init
    "GNN204": (("GNN801", "GNN802",), "layer"),             # uninitialized-parameter
    "GNN301": (("GNN803",), "lines"),                       # max-scaling
    "GNN302": (("GNN801",), "lines"),                       # unguarded-standardization
    "GNN401": (("GNN802:grad-magnitude",), "file"),         # missing-gradient-clipping
    "GNN402": (("GNN802:grad-magnitude",), "file"),         # per-tensor-clipping
    "GNN501": (("GNN801",), "lines"),                       # unguarded-log
    "GNN502": (("GNN803",), "lines"),                       # softmax-before-crossentropy
    "GNN503": (("GNN801",), "lines"),                       # unguarded-sqrt
    "GNN504": (("GNN801",), "lines"),                       # unguarded-division
    "GNN505": (("GNN801", "GNN803",), "lines"),             # fp16-without-loss-scaling
    "GNN506": (("GNN801",), "lines"),                       # unstable-manual-softmax
    "GNN507": (("GNN801",), "lines"),                       # fully-masked-softmax
    "GNN601": (("GNN805", "GNN803",), "layer"),             # saturating-hidden-activation
    "GNN602": (("GNN804",), "layer"),                       # activation-on-output
    "GNN603": (("GNN803", "GNN806",), "layer"),             # deep-propagation-stack
}
PROXIMITY = 1
# Static codes whose expression is itself the hazard: its value is watched in the probe's child.
WATCHED = frozenset({"GNN102", "GNN105", "GNN302", "GNN501", "GNN503", "GNN504", "GNN506", "GNN507"})


def _same_file(a: str, b: str) -> bool:
    return a == b or os.path.realpath(a) == os.path.realpath(b)


def _line_match(static: Diagnostic, probe: Diagnostic) -> bool:
    first = static.line
    last = max(static.end_line or first, first)
    return any(first - PROXIMITY <= line <= last + PROXIMITY for line in getattr(probe, "_probe_lines", ()))


def _source_line(path: str, line: int, cache: dict[str, Any]) -> str:
    if path not in cache:
        try:
            with open(path, encoding="utf-8", errors="replace") as handle:
                cache[path] = handle.read().splitlines()
        except OSError:
            cache[path] = []
    lines = cache[path]
    return lines[line - 1] if 0 < line <= len(lines) else ""


def _layer_match(static: Diagnostic, probe: Diagnostic, cache: dict[str, Any]) -> bool:
    if _line_match(static, probe):
        return True
    text = _source_line(static.path, static.line, cache)
    words = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", text))
    layers: frozenset[str] = getattr(probe, "_probe_layers", frozenset())
    if any(part in words for layer in layers if layer for part in layer.split(".") if not part.isdigit()):
        return True
    attributes = set(re.findall(r"self\.([A-Za-z_][A-Za-z0-9_]*)\b(?!\s*\()", text))  # not method calls
    span = getattr(probe, "_probe_span", None)
    inside = span is not None and span[0] <= static.line <= span[1]
    # A line that names no layer of the probed model (a loop over all its parameters) speaks for all of it.
    named_other = bool(attributes - {"weight", "bias", "data"}) and not any(
        layer.split(".")[0] in attributes for layer in layers if layer)
    return inside and not named_other


def confirm(static: list[Diagnostic], probe: list[Diagnostic]) -> None:
    cache: dict[str, Any] = {}
    for diagnostic in static:
        entry = CORROBORATED_BY.get(diagnostic.code)
        if entry is None or diagnostic.confirmed:
            continue
        wanted, how = entry
        codes = [code.partition(":")[0] for code in wanted]
        ranked = sorted((d for d in probe if _corroborates(d, wanted)), key=lambda d: (codes.index(d.code), d.line))
        for finding in ranked:
            if not _same_file(diagnostic.path, finding.path):
                continue
            if how == "file" or (how == "lines" and _line_match(diagnostic, finding)) \
                    or (how == "layer" and _layer_match(diagnostic, finding, cache)):
                diagnostic.confirmed = getattr(finding, "_probe_summary", None) or f"probe: {finding.code}"
                break


def _corroborates(finding: Diagnostic, wanted: tuple[str, ...]) -> bool:
    for entry in wanted:
        code, _, measure = entry.partition(":")
        if finding.code == code and (not measure or getattr(finding, "_probe_measure", None) == measure):
            return True
    return False


def watch_targets(static: list[Diagnostic], files: list[str]) -> tuple[dict[str, list[dict[str, Any]]], dict[int, Diagnostic]]:
    """For each probed file, the WATCHED static findings' expressions to instrument (keyed), and the
    findings by key."""
    by_real = {os.path.realpath(path): path for path in files}
    targets: dict[str, list[dict[str, Any]]] = {}
    findings: dict[int, Diagnostic] = {}
    for diagnostic in static:
        path = by_real.get(os.path.realpath(diagnostic.path))
        if diagnostic.code not in WATCHED or path is None or diagnostic.cell is not None:
            continue
        key = len(findings)
        findings[key] = diagnostic
        targets.setdefault(path, []).append({"key": key, "line": diagnostic.line, "column": diagnostic.column,
                                             "end_line": diagnostic.end_line, "end_column": diagnostic.end_column})
    return targets, findings


def confirm_watched(findings: dict[int, Diagnostic], results: Sequence[FileResult]) -> None:
    """Mark the watched static findings whose expression produced NaN/Inf under the probe."""
    for result in results:
        for key, hit in result.watched.items():
            diagnostic = findings.get(key)
            if diagnostic is not None and not diagnostic.confirmed:
                diagnostic.confirmed = (f"probe: this expression evaluated to {hit['nonfinite']} NaN/Inf of "
                                        f"{hit['numel']} values")
