"""Values that YAML/JSON configuration files merge into the parsed command line reach the rules."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from gnnlint.analysis.configs import parse_config
from tests.conftest import run_gnnlint

SCRIPT = textwrap.dedent('''\
    # A trainer whose layer type a per-dataset section of a configuration file may choose.
    import argparse

    import torch
    import yaml
    from dgllife.model import GNNOGBPredictor


    def build_args():
        parser = argparse.ArgumentParser()
        parser.add_argument("--dataset", default="small")
        parser.add_argument("--layer", default="gcn")
        return parser.parse_args()


    def best_configs(args, path):
        with open(path) as handle:
            configs = yaml.safe_load(handle)
        if args.dataset in configs:
            chosen = configs[args.dataset]
            for key, value in chosen.items():
                setattr(args, key, value)
        return args


    def train(args, loader):
        net = GNNOGBPredictor(in_edge_feats=7, hidden_feats=300, n_tasks=37, gnn_type=args.layer)
        opt = torch.optim.Adam(net.parameters(), lr=1e-3)
        for graph, feats, target in loader:
            loss = torch.nn.functional.cross_entropy(net(graph, feats), target)
            opt.zero_grad()
            loss.backward()
            opt.step()


    if __name__ == "__main__":
        train(best_configs(build_args(), LOADED), [])
    ''')
SECTIONS = "small:\n  layer: gcn  # normalised\n  lr: 0.01\nlarge:\n  layer: {large}\n  num_layers: 3\n"


def _lint(folder: Path, *flags: str) -> str:
    result = run_gnnlint("train.py", *flags, "--select", "GNN401", cwd=folder)
    assert result.returncode in (0, 1), result.stderr
    return result.stdout


@pytest.mark.parametrize("large, config, loaded, summing", [
    ("gin", "configs.yml", '"configs.yml"', True),       # one section picks the summing GIN layers
    ("gcn", "configs.yml", '"configs.yml"', False),      # every section keeps the normalised layer
    ("gin", "configs.yml", '"other.yml"', False),        # the file the run loads is not this one
    ("gin", "configs.json", '"configs.json"', True),
    ("gin", "configs.yml", 'f"{__name__}.yml"', True),   # picked at run time: every candidate counts
])
def test_a_section_of_a_loaded_config_may_pick_the_layer(tmp_path, large, config, loaded, summing):
    (tmp_path / "train.py").write_text(SCRIPT.replace("LOADED", loaded))
    text = SECTIONS.format(large=large)
    if config.endswith(".json"):
        text = '{"small": {"layer": "gcn"}, "large": {"layer": "%s"}}' % large
    (tmp_path / config).write_text(text)
    assert ("GNN401 [warning]" in _lint(tmp_path, "--no-cache")) is summing


def test_a_config_not_merged_into_the_options_picks_nothing(tmp_path):
    source = SCRIPT.replace("setattr(args, key, value)", "print(key, value)").replace("LOADED", '"configs.yml"')
    (tmp_path / "train.py").write_text(source)
    (tmp_path / "configs.yml").write_text(SECTIONS.format(large="gin"))
    assert "GNN401 [warning]" not in _lint(tmp_path, "--no-cache")


def test_the_cached_result_follows_the_config_file(tmp_path):
    (tmp_path / "train.py").write_text(SCRIPT.replace("LOADED", '"configs.yml"'))
    config = tmp_path / "configs.yml"
    config.write_text(SECTIONS.format(large="gcn"))
    assert "GNN401 [warning]" not in _lint(tmp_path)
    config.write_text(SECTIONS.format(large="gin"))
    assert "GNN401 [warning]" in _lint(tmp_path)


@pytest.mark.parametrize("text, expected", [
    ("a: 1\nb:\n  c: 0.5  # comment\n  d: [1, 2]\n# all\ne: gin\n", {"a": 1, "b": {"c": 0.5, "d": [1, 2]}, "e": "gin"}),
    ("lr: 1e-3\nwd: 5.0e-4\nflag: True\nnone: ~\nq: 'a b'\n", {"lr": "1e-3", "wd": 5e-4, "flag": True, "none": None,
                                                              "q": "a b"}),
    ("steps:\n  - 10\n  - 50\nk: v\n", {"steps": [10, 50], "k": "v"}),
    ("a: 1\na: 2\n", {"a": 2}),                          # the last of a repeated key wins
    ("base: &b\n  x: 1\nother: *b\n", None),             # anchors: outside the subset, nothing known
    ("text: |\n  line\n", None),
    ("m: {a: 1}\n", None),
    ("- 1\n- 2\n", None),                                # not a mapping
])
def test_the_yaml_subset(text, expected):
    assert parse_config(text) == expected


def test_a_section_picked_into_the_same_name(tmp_path):
    # `configs = configs[args.dataset]`: the section replaces the whole file under its own name.
    source = SCRIPT.replace("chosen = configs[", "configs = configs[").replace("chosen.items()", "configs.items()")
    (tmp_path / "train.py").write_text(source.replace("LOADED", '"configs.yml"'))
    (tmp_path / "configs.yml").write_text(SECTIONS.format(large="gin"))
    assert "GNN401 [warning]" in _lint(tmp_path, "--no-cache")
