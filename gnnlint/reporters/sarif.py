"""SARIF 2.1.0, for GitHub code scanning and other SARIF viewers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from gnnlint.catalogue import help_url
from gnnlint.reporters.base import Reporter, RunReport

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def _uri(path: str) -> str:
    candidate = Path(path)
    if candidate.is_absolute():
        return candidate.as_uri()
    return candidate.as_posix()


class SarifReporter(Reporter):
    name = "sarif"
    description = "SARIF 2.1.0 (GitHub code scanning)"

    def write(self, report: RunReport) -> None:
        shown = sorted(set(report.enabled) | {d.code for d in report.diagnostics})
        rules = [report.rules[code] for code in shown if code in report.rules]
        index = {rule.code: i for i, rule in enumerate(rules)}
        descriptors = []
        for rule in rules:
            descriptor = {
                "id": rule.code,
                "name": rule.name,
                "shortDescription": {"text": rule.message},
                "defaultConfiguration": {"level": _LEVEL[rule.severity]},
                "properties": {"plugin": rule.plugin},
            }
            url = help_url(rule)
            if url:
                descriptor["helpUri"] = url
            if rule.fix_title:
                descriptor["help"] = {"text": rule.fix_title}
            descriptors.append(descriptor)
        results = []
        for d in report.diagnostics:
            region = {"startLine": d.line, "startColumn": d.column}
            if d.end_line is not None:
                region["endLine"] = d.end_line
            if d.end_column is not None:
                region["endColumn"] = d.end_column
            location: dict[str, Any] = {"physicalLocation": {"artifactLocation": {"uri": _uri(d.path)}, "region": region}}
            if d.cell is not None:
                location["logicalLocations"] = [{"name": f"cell {d.cell}", "kind": "module"}]
            result: dict[str, Any] = {
                "ruleId": d.code,
                "level": _LEVEL[d.severity],
                "message": {"text": d.message},
                "locations": [location],
                "properties": {"name": d.name, "confirmed": d.confirmed is not None},
            }
            if d.code in index:
                result["ruleIndex"] = index[d.code]
            if d.cell is not None:
                result["properties"]["cell"] = d.cell
            if d.confirmed:
                result["properties"]["measurement"] = d.confirmed
            if d.fix_title:
                result["properties"]["fixTitle"] = d.fix_title
            results.append(result)
        document = {
            "$schema": SARIF_SCHEMA,
            "version": "2.1.0",
            "runs": [{
                "tool": {"driver": {
                    "name": "gnnlint", "version": report.version,
                    "informationUri": "https://github.com/gnnlint/gnnlint", "rules": descriptors,
                }},
                "results": results,
                "columnKind": "unicodeCodePoints",
            }],
        }
        json.dump(document, self.stream, indent=2)
        self.stream.write("\n")
