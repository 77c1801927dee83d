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
        parser.add_argument("--dataset", default=DATASET)
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
SECTIONS = "small:\n  layer: {small}  # normalised\n  lr: 0.01\nlarge:\n  layer: {large}\n  num_layers: 3\n"


def _lint(folder: Path, *flags: str) -> str:
    result = run_gnnlint("train.py", *flags, "--select", "GNN401", cwd=folder)
    assert result.returncode in (0, 1), result.stderr
    return result.stdout


@pytest.mark.parametrize("dataset, small, large, config, loaded, summing", [
    ('"large"', "gcn", "gin", "configs.yml", '"configs.yml"', True),   # the default run's section picks GIN
    ('"small"', "gcn", "gin", "configs.yml", '"configs.yml"', False),  # the default run's section keeps GCN
    ('"large"', "gcn", "gcn", "configs.yml", '"configs.yml"', False),  # every section keeps the normalised layer
    ('"large"', "gcn", "gin", "configs.yml", '"other.yml"', False),    # the file the run loads is not this one
    ('"large"', "gcn", "gin", "configs.json", '"configs.json"', True),
    ('"large"', "gcn", "gin", "configs.yml", 'f"{__name__}.yml"', True),  # picked at run time: one candidate
    ("None", "gcn", "gin", "configs.yml", '"configs.yml"', False),     # a section picked at run time: they disagree
    ("None", "gin", "gin", "configs.yml", '"configs.yml"', True),      # ... every section agrees
])
def test_the_section_a_run_picks_chooses_the_layer(tmp_path, dataset, small, large, config, loaded, summing):
    (tmp_path / "train.py").write_text(SCRIPT.replace("LOADED", loaded).replace("DATASET", dataset))
    text = SECTIONS.format(small=small, large=large)
    if config.endswith(".json"):
        text = '{"small": {"layer": "%s"}, "large": {"layer": "%s"}}' % (small, large)
    (tmp_path / config).write_text(text)
    assert ("GNN401 [warning]" in _lint(tmp_path, "--no-cache")) is summing


def test_a_config_not_merged_into_the_options_picks_nothing(tmp_path):
    source = SCRIPT.replace("setattr(args, key, value)", "print(key, value)").replace("LOADED", '"configs.yml"') \
        .replace("DATASET", '"large"')
    (tmp_path / "train.py").write_text(source)
    (tmp_path / "configs.yml").write_text(SECTIONS.format(small="gcn", large="gin"))
    assert "GNN401 [warning]" not in _lint(tmp_path, "--no-cache")


def test_the_cached_result_follows_the_config_file(tmp_path):
    (tmp_path / "train.py").write_text(SCRIPT.replace("LOADED", '"configs.yml"').replace("DATASET", '"large"'))
    config = tmp_path / "configs.yml"
    config.write_text(SECTIONS.format(small="gcn", large="gcn"))
    assert "GNN401 [warning]" not in _lint(tmp_path)
    config.write_text(SECTIONS.format(small="gcn", large="gin"))
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
    (tmp_path / "train.py").write_text(source.replace("LOADED", '"configs.yml"').replace("DATASET", '"large"'))
    (tmp_path / "configs.yml").write_text(SECTIONS.format(small="gcn", large="gin"))
    assert "GNN401 [warning]" in _lint(tmp_path, "--no-cache")


# A processor layout (st-gcn and the skeleton-action code built on it): a base class in another
# module parses the command line, merges the configuration file the command line names (no
# default) into the parser's defaults and keeps the namespace on self; the subclass builds its
# optimizer from it.
BASE = textwrap.dedent('''\
    import argparse

    import yaml


    class Runner:
        def __init__(self, argv=None):
            self.load_arg(argv)

        def load_arg(self, argv=None):
            parser = self.get_parser()
            p = parser.parse_args(argv)
            if p.config is not None:
                with open(p.config) as f:
                    default_arg = yaml.safe_load(f)
                parser.set_defaults(**default_arg)
            self.arg = parser.parse_args(argv)

        @staticmethod
        def get_parser():
            parser = argparse.ArgumentParser()
            parser.add_argument("-c", "--config", default=None)
            parser.add_argument("--epochs", type=int, default=10)
            return parser
    ''')
TRAINER = textwrap.dedent('''\
    import argparse

    import torch

    from .base import Runner


    class Trainer(Runner):
        @staticmethod
        def get_parser():
            parser = argparse.ArgumentParser(parents=[Runner.get_parser()], add_help=False)
            parser.add_argument("--rate", type=float, default=0.01)
            return parser

        def train(self, net, loader):
            opt = torch.optim.SGD(net.parameters(), lr=self.arg.rate, momentum=0.9)
            for x, y in loader:
                loss = torch.nn.functional.cross_entropy(net(x), y)
                opt.zero_grad()
                loss.backward()
                opt.step()
    ''')


@pytest.mark.parametrize("configs, momentum", [
    ({"a/train.yaml": "rate: 0.1\nepochs: 80\n", "b/train.yaml": "rate: 0.1\nepochs: 50\n",
      "a/test.yaml": "epochs: 1\n"}, True),                      # every file that sets the rate agrees
    ({"a/train.yaml": "rate: 0.1\nepochs: 80\n", "b/train.yaml": "rate: 0.01\nepochs: 50\n"}, False),  # they differ
    ({"a/train.yaml": "epochs: 80\nconfig: x.yaml\n", "tool.yaml": "rate: 0.1\nwidth: 3\n"}, False),  # not its options
    ({}, False),                                                 # the option's default only
])
def test_a_config_named_on_the_command_line_sets_the_rate(tmp_path, configs, momentum):
    package = tmp_path / "proc"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "base.py").write_text(BASE)
    (package / "trainer.py").write_text(TRAINER)
    for name, text in configs.items():
        (tmp_path / "config" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "config" / name).write_text(text)
    result = run_gnnlint("proc/trainer.py", "--no-cache", "--select", "GNN401", cwd=tmp_path)
    assert result.returncode in (0, 1), result.stderr
    assert ("SGD with momentum 0.9 at lr=0.1" in result.stdout) is momentum


# The mapping loaded in the merging call itself, with no name in between.
INLINE = textwrap.dedent('''\
    import argparse

    import torch
    import yaml

    parser = argparse.ArgumentParser()
    parser.add_argument("--rate", type=float, default=0.01)
    with open("train.yaml") as f:
        parser.set_defaults(**MERGED)
    args = parser.parse_args()
    net = torch.nn.Linear(4, 2)
    opt = torch.optim.SGD(net.parameters(), lr=args.rate, momentum=0.9)
    for step in range(10):
        loss = net(torch.randn(8, 4)).pow(2).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
    ''')


@pytest.mark.parametrize("merged, config, momentum", [
    ("yaml.safe_load(f)", "rate: 0.1\n", True),          # loaded in the call that merges it
    ("json.load(open('train.json'))", None, True),       # ... from a file opened in place
    ("yaml.safe_load(f)", "rate: 0.01\n", False),        # the file keeps a usual rate
    ("yaml.safe_load(f)", "\xff\xfe not yaml\n", False),  # a file that cannot be read gives nothing
])
def test_a_config_loaded_in_the_merging_call_sets_the_rate(tmp_path, merged, config, momentum):
    source = INLINE.replace("MERGED", merged)
    if "json" in merged:
        source = "import json\n" + source
        (tmp_path / "train.json").write_text('{"rate": 0.1}')
    (tmp_path / "train.py").write_text(source)
    if config is not None:
        (tmp_path / "train.yaml").write_text(config, encoding="latin-1")
    assert ("SGD with momentum 0.9 at lr=0.1" in _lint(tmp_path, "--no-cache")) is momentum
