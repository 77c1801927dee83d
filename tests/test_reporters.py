"""Output formats: text, json (versioned schema), sarif (validated against the official schema), github."""

from __future__ import annotations

import json

import jsonschema
import pytest

from tests.conftest import run_gnnlint

SOURCE = ("import numpy as np\nimport torch\nfrom torch import nn\n"
          "X = X / np.max(X)\nw = nn.Parameter(torch.rand(4, 4))\nprint(1, 2)  # has, a: colon\n")


@pytest.fixture
def project(tmp_path):
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "model.py").write_text(SOURCE)
    (tmp_path / "notebook.ipynb").write_text(json.dumps({
        "cells": [
            {"cell_type": "markdown", "source": ["# features"]},
            {"cell_type": "code", "source": ["%matplotlib inline\n", "import numpy as np\n"]},
            {"cell_type": "code", "source": ["!pip install torch\n", "feats = feats / np.max(feats)\n"]},
        ],
        "metadata": {}, "nbformat": 4, "nbformat_minor": 5,
    }))
    return tmp_path


def test_json_schema(project):
    document = json.loads(run_gnnlint(".", "--output-format", "json", cwd=project).stdout)
    assert document["schema_version"] == 1 and document["files_checked"] == 2
    assert document["summary"] == {"error": 1, "warning": 2, "info": 0}
    first = next(d for d in document["diagnostics"] if d["code"] == "GNN301" and d["cell"] is None)
    assert first == {
        "path": "pkg/model.py", "line": 4, "column": 5, "end_line": 4, "end_column": 18, "cell": None,
        "code": "GNN301", "name": "max-scaling", "severity": "warning", "message": first["message"],
        "fix_title": first["fix_title"], "plugin": "gnnlint",
        "url": "https://github.com/gnnlint/gnnlint/blob/main/rules/GNN301-max-scaling/README.md", "confirmed": None,
    }


def test_notebook_locations(project):
    text = run_gnnlint("notebook.ipynb", cwd=project).stdout
    assert "notebook.ipynb:cell 3:line 2:col 9: GNN301" in text
    document = json.loads(run_gnnlint("notebook.ipynb", "--output-format", "json", cwd=project).stdout)
    assert [(d["cell"], d["line"]) for d in document["diagnostics"]] == [(3, 2)]


def test_sarif_is_valid_and_carries_rule_metadata(project, sarif_schema):
    result = run_gnnlint(".", "--output-format", "sarif", cwd=project)
    assert result.returncode == 1
    document = json.loads(result.stdout)
    jsonschema.validate(document, sarif_schema)
    run = document["runs"][0]
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert rules["GNN301"]["helpUri"].endswith("/rules/GNN301-max-scaling/README.md")
    assert rules["GNN201"]["defaultConfiguration"]["level"] == "error"
    result_301 = next(r for r in run["results"] if r["ruleId"] == "GNN301"
                      and r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "pkg/model.py")
    assert result_301["locations"][0]["physicalLocation"]["region"]["startLine"] == 4
    assert run["tool"]["driver"]["rules"][result_301["ruleIndex"]]["id"] == "GNN301"


def test_sarif_without_findings_is_valid(tmp_path, sarif_schema):
    (tmp_path / "ok.py").write_text("x = 1\n")
    document = json.loads(run_gnnlint(".", "--output-format", "sarif", cwd=tmp_path).stdout)
    jsonschema.validate(document, sarif_schema)
    assert document["runs"][0]["results"] == []


def test_github_annotations(project):
    lines = run_gnnlint("pkg", "--output-format", "github", cwd=project).stdout.splitlines()
    assert lines[0].startswith("::warning file=pkg/model.py,line=4,col=5,endLine=4,endColumn=18,"
                               "title=GNN301 max-scaling::`X / np.max(X)`")
    assert lines[1].startswith("::error file=pkg/model.py,line=5,col=")
    assert ",title=GNN201 positive-uniform-init::" in lines[1]


def test_github_escapes_properties_and_data():
    import io

    from gnnlint.diagnostics import Diagnostic
    from gnnlint.reporters.base import RunReport
    from gnnlint.reporters.github import GithubReporter

    stream = io.StringIO()
    diagnostic = Diagnostic(path="a,b:c.py", line=1, column=1, code="GNN301", name="max-scaling",
                            message="100% bad\nsecond line", severity="info")
    GithubReporter(stream).write(RunReport([diagnostic], 1, {}, (), "0"))
    assert stream.getvalue() == "::notice file=a%2Cb%3Ac.py,line=1,col=1,title=GNN301 max-scaling::100%25 bad%0Asecond line\n"
