"""Machine-readable output. The schema is versioned (``schema_version``) and documented in the README;
fields are only ever added within a version."""

from __future__ import annotations

import json

from gnnlint.catalogue import help_url
from gnnlint.reporters.base import Reporter, RunReport

SCHEMA_VERSION = 1


class JsonReporter(Reporter):
    name = "json"
    description = "one JSON document (schema_version 1, see the README)"

    def write(self, report: RunReport) -> None:
        diagnostics = []
        for d in report.diagnostics:
            rule = report.rules.get(d.code)
            diagnostics.append({
                "path": d.path, "line": d.line, "column": d.column, "end_line": d.end_line,
                "end_column": d.end_column, "cell": d.cell, "code": d.code, "name": d.name,
                "severity": d.severity, "message": d.message, "fix_title": d.fix_title, "plugin": d.plugin,
                "url": help_url(rule) if rule is not None else None, "confirmed": d.confirmed,
            })
        document = {
            "schema_version": SCHEMA_VERSION,
            "gnnlint_version": report.version,
            "files_checked": report.files_checked,
            "summary": report.counts(),
            "diagnostics": diagnostics,
        }
        json.dump(document, self.stream, indent=2)
        self.stream.write("\n")
