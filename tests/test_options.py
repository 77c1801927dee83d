"""Command-line defaults reach the rules under the attribute argparse gives them."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run_gnnlint

CASE = Path(__file__).resolve().parent.parent / "rules" / "GNN401-missing-gradient-clipping" / "cases" / \
    "deep_stack_through_alias.py"
FLAGS = '"--num_layers", type=int, default=16'


@pytest.mark.parametrize("flags, deep", [
    (FLAGS, True),
    ('"-n", ' + FLAGS, True),                                  # argparse names it by the long flag
    ('"-n", "--num-layers", type=int, default=16', True),      # dashes become underscores
    ('"--depth", dest="num_layers", type=int, default=16', True),
    ('"--num_layers", type=int, default=2', False),
])
def test_the_depth_default_is_read_under_argparse_s_dest(tmp_path, flags, deep):
    source = CASE.read_text().replace(FLAGS, flags)
    (tmp_path / "train.py").write_text(source)
    result = run_gnnlint("train.py", "--no-cache", "--select", "GNN401", cwd=tmp_path)
    assert result.returncode in (0, 1) and ("GNN401 [warning]" in result.stdout) is deep, result.stdout
