"""The probe's HTML report: one self-contained page (inline SVG and CSS, no external assets)."""

from __future__ import annotations

import html
import math
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from gnnlint.probe import analysis as A
from gnnlint.probe.stats import num

if TYPE_CHECKING:
    from gnnlint.diagnostics import Diagnostic
    from gnnlint.probe.runner import FileResult

_W, _H, _PAD_L, _PAD_R, _PAD_T, _PAD_B = 760, 260, 64, 16, 16, 70
_CSS = """
body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:820px;color:#222}
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em;border-top:1px solid #ddd;padding-top:1em}
h3{font-size:1em;margin-bottom:.3em}.note{color:#555}.bad{color:#b00020;font-weight:600}
table{border-collapse:collapse;font-size:12px;margin:.5em 0}td,th{border:1px solid #ddd;padding:2px 6px;text-align:right}
td:first-child,th:first-child{text-align:left}#summary th{text-align:left;font-weight:normal}tr.offending td{background:#fde7ea}
.finding{margin:.2em 0}.legend span{margin-right:1.2em}svg text{font:11px system-ui,sans-serif}
"""


def _log(value: float) -> float | None:
    return math.log10(value) if value > 0 and math.isfinite(value) else None


def _chart(title: str, labels: list[str], series: list[tuple[str, str, list[float]]],
           thresholds: list[tuple[float, str]], offending: set[int]) -> str:
    logs = [v for _, _, values in series for v in map(_log, values) if v is not None]
    logs += [math.log10(t) for t, _ in thresholds]
    if not labels or not logs:
        return ""
    low, high = math.floor(min(logs)) - 1, math.ceil(max(logs)) + 1
    plot_w, plot_h = _W - _PAD_L - _PAD_R, _H - _PAD_T - _PAD_B
    step = plot_w / max(len(labels), 1)

    def y(value: float) -> float:
        return _PAD_T + plot_h * (1 - (value - low) / (high - low))

    def x(i: int) -> float:
        return _PAD_L + step * (i + 0.5)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{_W}" height="{_H}" role="img" aria-label="{html.escape(title)}">']
    for i in offending:
        parts.append(f'<rect x="{x(i) - step / 2:.1f}" y="{_PAD_T}" width="{step:.1f}" height="{plot_h}" fill="#fde7ea"/>')
    tick_every = max(1, (high - low) // 8)
    for decade in range(low, high + 1, tick_every):
        parts.append(f'<line x1="{_PAD_L}" x2="{_W - _PAD_R}" y1="{y(decade):.1f}" y2="{y(decade):.1f}" stroke="#eee"/>')
        parts.append(f'<text x="{_PAD_L - 6}" y="{y(decade) + 4:.1f}" text-anchor="end">1e{decade}</text>')
    for value, label in thresholds:
        ty = y(math.log10(value))
        parts.append(f'<line x1="{_PAD_L}" x2="{_W - _PAD_R}" y1="{ty:.1f}" y2="{ty:.1f}" stroke="#b00020" '
                     f'stroke-dasharray="5,4"/><text x="{_W - _PAD_R - 4}" y="{ty - 4:.1f}" text-anchor="end" '
                     f'fill="#b00020">{html.escape(label)}</text>')
    for name, color, values in series:
        points = [(x(i), y(v)) for i, v in enumerate(map(_log, values)) if v is not None]
        if len(points) > 1:
            path = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
            parts.append(f'<polyline points="{path}" fill="none" stroke="{color}" stroke-width="2"/>')
        for i, value in enumerate(values):
            lv = _log(value)
            if lv is None:
                if not math.isfinite(value):  # NaN/Inf: a cross at the top edge
                    parts.append(f'<text x="{x(i):.1f}" y="{_PAD_T + 10}" text-anchor="middle" fill="#b00020">✕ NaN/Inf</text>')
                continue
            stroke = ' stroke="#b00020" stroke-width="2"' if i in offending else ""
            parts.append(f'<circle cx="{x(i):.1f}" cy="{y(lv):.1f}" r="4" fill="{color}"{stroke}>'
                         f'<title>{html.escape(name)} {html.escape(labels[i])}: {value:.3g}</title></circle>')
    for i, label in enumerate(labels):
        color = "#b00020" if i in offending else "#333"
        parts.append(f'<text transform="translate({x(i):.1f},{_H - _PAD_B + 12}) rotate(35)" fill="{color}">'
                     f'{html.escape(label[:22])}</text>')
    parts.append(f'<line x1="{_PAD_L}" x2="{_PAD_L}" y1="{_PAD_T}" y2="{_PAD_T + plot_h}" stroke="#999"/></svg>')
    legend = "".join(f'<span style="color:{c}">● {html.escape(n)}</span>' for n, c, _ in series)
    return f'<h3>{html.escape(title)}</h3><div class="legend">{legend}</div>{"".join(parts)}'


def _layer_grad(case: dict[str, Any]) -> dict[str, float]:
    """Largest mean |grad| over each layer's weights (what the GNN802/803 thresholds apply to)."""
    out: dict[str, float] = {}
    for grad in case.get("grads", []):
        if grad["layer"] and grad["weight"]:
            value = num(grad["mean_abs"]) if not grad["nonfinite"] else math.inf
            out[grad["layer"]] = max(out.get(grad["layer"], 0.0), value)
    return out


def _case_section(path: str, case: dict[str, Any]) -> str:
    title = f"{html.escape(case['label'])} <span class='note'>({case['backend']}, {case['kind']})</span>"
    body = [f"<h2>{html.escape(path)}: {title}</h2>", f"<p class='note'>{html.escape(case.get('note') or '')}</p>"]
    findings = case.get("findings", [])
    if case.get("error"):
        body.append(f"<p class='bad'>probe failed: {html.escape(case['error']['reason'])}</p>")
        return "".join(body)
    for finding in findings:
        body.append(f"<p class='finding'><span class='bad'>{finding['code']}</span> {html.escape(finding['message'])}</p>")
    if not findings:
        body.append("<p>No probe finding.</p>")
    layers = case.get("layers") or []
    offending_names = {name for f in findings for name in f.get("layers", [])}
    offending = {i for i, layer in enumerate(layers) if layer["name"] in offending_names}
    labels = [layer["name"] for layer in layers]
    rms = [num((layer.get("out") or {}).get("rms")) if not (layer.get("out") or {}).get("nonfinite") else math.inf
           for layer in layers]
    grads = _layer_grad(case)
    body.append(_chart("Activation RMS per layer (execution order, log scale)", labels,
                       [("output RMS", "#1f77b4", rms)], [], offending))
    body.append(_chart("Weight gradient mean |g| per layer (log scale)", labels,
                       [("mean |grad|", "#ff7f0e", [grads.get(n, math.nan) for n in labels])],
                       [(A.EXPLODING_MEAN_GRAD, "exploding 1e6 (GNN802)"), (A.VANISHING_MEAN_GRAD, "vanishing 1e-7 (GNN803)")],
                       offending))
    mp = [i for i, layer in enumerate(layers) if layer.get("mp")]
    if mp:
        body.append(_chart("RMS growth across each message-passing layer (log scale)", [labels[i] for i in mp],
                           [("RMS out / RMS in", "#2ca02c", [A.growth(layers[i]) for i in mp])],
                           [(A.BLOWUP_PER_LAYER, f"{A.BLOWUP_PER_LAYER:g}x per layer (GNN806)")],
                           {k for k, i in enumerate(mp) if i in offending}))
    rows = ["<table><tr><th>layer</th><th>type</th><th>line</th><th>RMS in</th><th>RMS out</th><th>max |x|</th>"
            "<th>NaN/Inf</th><th>growth</th><th>mean |grad|</th></tr>"]
    for i, layer in enumerate(layers):
        out, inp = layer.get("out") or {}, layer.get("in") or {}
        cells = [layer["name"], layer["type"], str(layer.get("def_line") or ""), _fmt(inp.get("rms")), _fmt(out.get("rms")),
                 _fmt(out.get("max")), str(out.get("nonfinite", "")), _fmt(A.growth(layer)) if layer.get("mp") else "",
                 _fmt(grads.get(layer["name"]))]
        cls = " class='offending'" if i in offending else ""
        rows.append(f"<tr{cls}>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>")
    rows.append("</table>")
    body.append("".join(rows))
    acts = case.get("activations") or []
    if acts:
        body.append("<table><tr><th>activation</th><th>line</th><th>layer</th><th>fraction</th></tr>")
        for act in acts[:40]:
            what = "zero (dead)" if act["kind"] == "relu" else f"|x| ≥ {A.SATURATION_LEVEL:g} (saturated)"
            body.append(f"<tr><td>{act['kind']}</td><td>{act.get('line') or ''}</td><td>{html.escape(act.get('layer') or '')}"
                        f"</td><td>{num(act['fraction']):.0%} {what}</td></tr>")
        body.append("</table>")
    return "".join(body)


def _fmt(value: Any) -> str:
    if value is None:
        return ""
    value = num(value)
    return "" if math.isnan(value) else A._fmt(value)


def _summary(results: Sequence[FileResult], findings: Sequence[Diagnostic], static: Sequence[Diagnostic]) -> str:
    """The page's opening: what was probed, what it found, what it confirmed, what it could not probe."""
    models = sum(len(result.cases) for result in results)
    no_model = [r.path for r in results if not r.cases and r.fatal is None]
    failed = [r for r in results if r.fatal is not None]
    counts = {severity: sum(1 for d in findings if d.severity == severity) for severity in ("error", "warning", "info")}
    confirmed = [d for d in static if d.confirmed]
    rows = [("files probed", len(results)), ("models probed", models),
            *((f"findings: {severity}", n) for severity, n in counts.items()),
            ("static findings confirmed", len(confirmed)), ("files with no model", len(no_model)),
            ("files the probe could not run", len(failed))]
    parts = ["<section id='summary'><h2>Summary</h2><table>"]
    parts += [f"<tr><th>{html.escape(label)}</th><td>{value}</td></tr>" for label, value in rows]
    parts.append("</table>")
    if confirmed:
        parts.append("<h3>Confirmed static findings</h3><ul>")
        parts += [f"<li>{html.escape(d.path)}:{d.line} <span class='bad'>{d.code}</span> {html.escape(d.message)}"
                  f" <span class='note'>(confirmed: {html.escape(d.confirmed)})</span></li>"  # type: ignore[arg-type]
                  for d in confirmed]
        parts.append("</ul>")
    if no_model:
        parts.append("<h3>Files where no model was found</h3><p class='note'>These import a framework but define "
                     "nothing the probe can run; declare <code>gnnlint_probe()</code> to probe them.</p><ul>")
        parts += [f"<li>{html.escape(path)}</li>" for path in no_model]
        parts.append("</ul>")
    if failed:
        parts.append("<h3>Files the probe could not run</h3><ul>")
        parts += [f"<li>{html.escape(r.path)}: {html.escape(r.fatal['reason'])}"  # type: ignore[index]
                  + (f" <span class='note'>({html.escape(r.fatal['hint'])})</span>"  # type: ignore[index]
                     if r.fatal.get("hint") else "")  # type: ignore[union-attr]
                  + "</li>" for r in failed]
        parts.append("</ul>")
    parts.append("</section>")
    return "".join(parts)


def render(results: Sequence[FileResult], findings: Sequence[Diagnostic] = (), static: Sequence[Diagnostic] = ()) -> str:
    """The page for ``results`` (runner.FileResult); ``findings`` are the probe findings reported,
    ``static`` the static findings (those marked confirmed are listed in the summary)."""
    sections = []
    for result in results:
        for case in result.cases:
            sections.append(_case_section(result.path, case))
        if result.fatal is not None:
            sections.append(f"<h2>{html.escape(result.path)}</h2><p class='bad'>probe failed: "
                            f"{html.escape(result.fatal['reason'])}</p>")
    if not results:
        sections.append("<p>No file imported torch, tensorflow, keras or spektral: nothing was probed.</p>")
    stamp = time.strftime("%Y-%m-%d %H:%M:%S")
    return (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>gnnlint probe report</title>"
            f"<style>{_CSS}</style></head><body><h1>gnnlint probe report</h1><p class='note'>{stamp}. One forward and "
            "one backward pass per model. Shaded layers are the ones a finding names; dashed lines are the "
            "thresholds.</p>" + _summary(results, findings, static) + "".join(sections) + "</body></html>\n")


def write_report(path: str, results: Sequence[FileResult], findings: Sequence[Diagnostic] = (),
                 static: Sequence[Diagnostic] = ()) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(render(results, findings, static))
