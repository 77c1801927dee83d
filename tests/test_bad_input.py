"""Bad input never crashes the run: one line naming the file, the other files still linted,
and the exit status as documented."""

from __future__ import annotations

import json
import os

import pytest

from tests.conftest import run_gnnlint

BAD = "import numpy as np\nX = np.ones((4, 4))\nX = X / np.max(X)\n"


@pytest.fixture
def project(tmp_path):
    (tmp_path / "z_control.py").write_text(BAD)
    return tmp_path


def lint(project, *args):
    result = run_gnnlint(".", "--no-cache", *args, cwd=project)
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    assert "z_control.py:3:5: GNN301" in result.stdout, "the other files must still be linted"
    return result


def test_non_utf8_bytes(project):
    (project / "latin.py").write_bytes(b"x = '\xe9t\xe9'\n")
    result = lint(project)
    assert result.returncode == 1
    [line] = [l for l in result.stdout.splitlines() if "latin.py" in l]
    assert line.startswith("latin.py:1:1: GNN900 [error] cannot decode the file: not valid utf-8: byte 0xe9 at offset 5")


def test_bom_crlf_and_empty_files_lint_normally(project):
    (project / "bom.py").write_bytes(b"\xef\xbb\xbf" + BAD.encode())
    (project / "crlf.py").write_bytes(BAD.replace("\n", "\r\n").encode())
    (project / "empty.py").write_bytes(b"")
    result = lint(project)
    assert "bom.py:3:5: GNN301" in result.stdout and "crlf.py:3:5: GNN301" in result.stdout
    assert "empty.py" not in result.stdout


def test_nul_bytes(project):
    (project / "nul.py").write_bytes(b"import numpy as np\nx = 1\x00\nX = X / np.max(X)\n")
    result = lint(project)
    assert [l for l in result.stdout.splitlines() if l.startswith("nul.py")][0].split(": ")[1].startswith("GNN900")


def test_a_50000_line_file(project):
    lines = [f"x{i} = {i}" for i in range(50_000)]
    (project / "huge.py").write_text("import numpy as np\n" + "\n".join(lines) + "\nX = X / np.max(X)\n")
    result = lint(project)
    assert "huge.py:50002:5: GNN301" in result.stdout


def test_very_deep_nesting(project):
    (project / "deep.py").write_text("import numpy as np\nx = " + "(" * 3000 + "1" + ")" * 3000 + "\nX = X / np.max(X)\n")
    (project / "deep_lists.py").write_text("y = " + "[" * 200 + "]" * 200 + "\n")
    result = lint(project)
    deep = [l for l in result.stdout.splitlines() if l.startswith("deep.py")]
    assert len(deep) == 1 and "GNN900" in deep[0]


def test_unreadable_file(project):
    if os.geteuid() == 0:
        pytest.skip("root can read any file")
    secret = project / "secret.py"
    secret.write_text(BAD)
    secret.chmod(0)
    result = lint(project)
    assert result.returncode == 2 and "secret.py: cannot read: Permission denied" in result.stderr


def test_unreadable_file_as_root_via_a_dangling_symlink(project):
    os.symlink(project / "gone.py", project / "dangling.py")
    result = lint(project)
    assert result.returncode == 2
    assert result.stderr.strip() == "gnnlint: error: dangling.py: cannot read: No such file or directory"


def test_broken_notebook_json(project):
    (project / "nb.ipynb").write_text('{"cells": [')
    result = lint(project)
    [line] = [l for l in result.stdout.splitlines() if l.startswith("nb.ipynb")]
    assert line.startswith("nb.ipynb:1:1: GNN900 [error] cannot read the notebook:")


def test_unknown_code_in_noqa_is_a_warning_naming_the_file(project):
    (project / "m.py").write_text("import numpy as np\nX = X / np.max(X)  # noqa: GNN999, E501\n")
    result = lint(project)
    assert result.stderr.strip() == "gnnlint: warning: m.py:2: `# noqa` names unknown code GNN999"
    assert result.returncode == 1  # the control file's finding


def test_a_notebook_that_is_valid_json_but_not_a_notebook(project):
    (project / "list.ipynb").write_text(json.dumps([1, 2, 3]))
    result = lint(project)
    assert "list.ipynb:1:1: GNN900" in result.stdout


def test_a_string_libcst_accepts_but_python_rejects_is_a_syntax_error_not_a_rule_error(project):
    # libcst parses the bad `\N{...}` escape; rules that read the string's value meet Python's
    # SyntaxError. The user needs the syntax error, not internal errors from two rules.
    (project / "test_escape.py").write_text(
        'import torch\nif __name__ == "\\N{NO SUCH NAME}":\n    pass\n'
        "opt = torch.optim.Adam(m.parameters(), lr=0.5)\nloss.backward()\nopt.step()\n")
    result = lint(project)
    lines = [line for line in result.stdout.splitlines() if line.startswith("test_escape.py")]
    assert [line.split(": ")[1].split(" ")[0] for line in lines] == ["GNN900"]
    assert "unknown Unicode character name" in lines[0]
