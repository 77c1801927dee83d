"""A model class loaded by a dotted string (``import_class(args.model)``) is the project class the
string names, when the string is known: a literal, the option's default, a loaded configuration."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from tests.conftest import run_gnnlint

LOADER = textwrap.dedent('''\
    import sys


    def class_from_path(path):
        module_path, _, attr = path.rpartition(".")
        __import__(module_path)
        return getattr(sys.modules[module_path], attr)
    ''')
NETS = textwrap.dedent('''\
    import torch.nn as nn


    class Sequence(nn.Module):
        def __init__(self, width):
            super().__init__()
            self.cell = nn.GRU(width, width)


    class Flat(nn.Module):
        def __init__(self, width):
            super().__init__()
            self.layer = nn.Linear(width, width)
    ''')
SCRIPT = textwrap.dedent('''\
    import argparse

    import torch

    from loading import class_from_path


    def main():
        parser = argparse.ArgumentParser()
        parser.add_argument("--arch", DEFAULT)
        args = parser.parse_args()
        Net = class_from_path(args.arch)
        net = Net(16)
        opt = torch.optim.Adam(net.parameters(), lr=1e-3)
        for x, y in []:
            loss = (net(x) - y).pow(2).mean()
            opt.zero_grad()
            loss.backward()
            opt.step()
    ''')


@pytest.mark.parametrize("default, loader, risky", [
    ('default="nets.Sequence"', LOADER, True),        # the default names the recurrent model
    ('default="nets.Flat"', LOADER, False),           # the default names the plain one
    ("required=True", LOADER, False),                 # a string the run gives: unknown, stays quiet
    ('default="nets.Missing"', LOADER, False),        # names nothing of the project
    ('default="nets.Sequence"', LOADER.replace("return getattr(sys.modules[module_path], attr)",
                                               "return sys.modules[module_path]"), False),  # returns no attribute
])
def test_a_class_loaded_by_its_dotted_path(tmp_path: Path, default: str, loader: str, risky: bool) -> None:
    (tmp_path / "loading.py").write_text(loader)
    (tmp_path / "nets.py").write_text(NETS)
    (tmp_path / "train.py").write_text(SCRIPT.replace("DEFAULT", default))
    result = run_gnnlint("train.py", "--no-cache", "--select", "GNN401", cwd=tmp_path)
    assert result.returncode in (0, 1), result.stderr
    assert ("GNN401 [warning]" in result.stdout) is risky, result.stdout
