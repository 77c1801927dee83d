"""[tool.gnnlint] in the nearest pyproject.toml, --config, validation with one-line errors."""

from __future__ import annotations

import textwrap

from tests.conftest import run_gnnlint

BAD = "import numpy as np\nX = np.ones((4, 4))\nX = X / np.max(X)\n"


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text))


def test_nearest_pyproject_is_used_from_a_subdirectory(tmp_path):
    write(tmp_path / "pyproject.toml", "[tool.gnnlint]\nignore = ['GNN301']\n")
    write(tmp_path / "src" / "m.py", BAD)
    result = run_gnnlint(".", cwd=tmp_path / "src")
    assert result.returncode == 0, result.stdout + result.stderr


def test_select_and_fail_on_from_config(tmp_path):
    write(tmp_path / "pyproject.toml", "[tool.gnnlint]\nselect = ['GNN2']\n")
    write(tmp_path / "m.py", BAD)
    assert run_gnnlint(".", cwd=tmp_path).returncode == 0
    write(tmp_path / "pyproject.toml", "[tool.gnnlint]\nfail-on = 'error'\n")
    assert run_gnnlint(".", cwd=tmp_path).returncode == 0
    write(tmp_path / "pyproject.toml", "[tool.gnnlint]\noutput-format = 'json'\n")
    assert run_gnnlint(".", cwd=tmp_path).stdout.lstrip().startswith("{")


def test_cli_select_overrides_config(tmp_path):
    write(tmp_path / "pyproject.toml", "[tool.gnnlint]\nselect = ['GNN2']\n")
    write(tmp_path / "m.py", BAD)
    assert "GNN301" in run_gnnlint(".", "--select", "GNN3", cwd=tmp_path).stdout


def test_unknown_key_names_it_and_suggests(tmp_path):
    write(tmp_path / "pyproject.toml", "[tool.gnnlint]\nslect = ['GNN2']\n")
    write(tmp_path / "m.py", BAD)
    result = run_gnnlint(".", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().endswith("unknown key 'slect'; did you mean 'select'?")
    assert len(result.stderr.strip().splitlines()) == 1


def test_unknown_code_in_config(tmp_path):
    write(tmp_path / "pyproject.toml", "[tool.gnnlint]\nignore = ['GNN31']\n")
    write(tmp_path / "m.py", BAD)
    result = run_gnnlint(".", cwd=tmp_path)
    assert result.returncode == 2 and "unknown rule code 'GNN31'" in result.stderr


def test_invalid_toml_is_one_line(tmp_path):
    write(tmp_path / "pyproject.toml", "[tool.gnnlint\nselect = \n")
    write(tmp_path / "m.py", BAD)
    result = run_gnnlint(".", cwd=tmp_path)
    assert result.returncode == 2
    assert "pyproject.toml: invalid TOML" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_wrong_type_and_bad_fail_on(tmp_path):
    write(tmp_path / "m.py", BAD)
    write(tmp_path / "pyproject.toml", "[tool.gnnlint]\nselect = 'GNN2'\n")
    assert "'select' must be a list of strings" in run_gnnlint(".", cwd=tmp_path).stderr
    write(tmp_path / "pyproject.toml", "[tool.gnnlint]\nfail-on = 'fatal'\n")
    assert "'fail-on' must be one of info, warning, error" in run_gnnlint(".", cwd=tmp_path).stderr


def test_explicit_config_file(tmp_path):
    write(tmp_path / "lint.toml", "ignore = ['GNN301']\n")
    write(tmp_path / "m.py", BAD)
    assert run_gnnlint(".", "--config", "lint.toml", cwd=tmp_path).returncode == 0
    missing = run_gnnlint(".", "--config", "nope.toml", cwd=tmp_path)
    assert missing.returncode == 2 and "nope.toml" in missing.stderr


def test_exclude_and_extend_exclude(tmp_path):
    write(tmp_path / "pyproject.toml", "[tool.gnnlint]\nexclude = ['legacy']\nextend-exclude = ['gen_*.py']\n")
    write(tmp_path / "legacy" / "old.py", BAD)
    write(tmp_path / "gen_model.py", BAD)
    write(tmp_path / "m.py", BAD)
    result = run_gnnlint(".", cwd=tmp_path)
    assert "m.py:3" in result.stdout and "old.py" not in result.stdout and "gen_model" not in result.stdout
    # pre-commit passes files by name: configured excludes still apply.
    assert "gen_model" not in run_gnnlint("gen_model.py", cwd=tmp_path).stdout


def test_per_file_ignores(tmp_path):
    write(tmp_path / "pyproject.toml", "[tool.gnnlint.per-file-ignores]\n'tests/*' = ['GNN3']\n")
    write(tmp_path / "tests" / "t.py", BAD)
    write(tmp_path / "m.py", BAD)
    result = run_gnnlint(".", cwd=tmp_path)
    assert "m.py:3" in result.stdout and "tests/t.py" not in result.stdout


def test_rule_options_are_validated(tmp_path):
    write(tmp_path / "m.py", BAD)
    write(tmp_path / "pyproject.toml", "[tool.gnnlint.options.GNN301]\nthreshold = 3\n")
    result = run_gnnlint(".", cwd=tmp_path)
    assert result.returncode == 2 and "unknown option 'threshold' for GNN301" in result.stderr
    write(tmp_path / "pyproject.toml", "[tool.gnnlint.options.GNN777]\nx = 1\n")
    assert "unknown rule 'GNN777'" in run_gnnlint(".", cwd=tmp_path).stderr
