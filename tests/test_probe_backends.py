"""Probe backends come through the gnnlint_register_probe_backends hook: the built-in torch and
TensorFlow ones, and a third party's, which the probe's child process then uses for its models."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

import gnnlint
from gnnlint.plugins import PluginError, collect_probe_backends, get_plugin_manager
from gnnlint.probe_backends import backend_for

BACKEND_PLUGIN = textwrap.dedent('''\
    import gnnlint


    class AbacusModel:
        """A model no built-in backend knows."""


    class AbacusBackend:
        name = "abacus"

        def handles(self, model):
            return type(model).__name__ == "AbacusModel"

        def measure(self, model, inputs, sites, record, **options):
            record["output"] = {"rms": float(sum(inputs)), "measured_by": "abacus"}


    @gnnlint.hookimpl
    def gnnlint_register_probe_backends():
        return [AbacusBackend()]
''')


@pytest.fixture
def plugin_module(tmp_path, monkeypatch):
    (tmp_path / "abacus_probe.py").write_text(BACKEND_PLUGIN)
    monkeypatch.syspath_prepend(str(tmp_path))
    import abacus_probe

    yield abacus_probe
    sys.modules.pop("abacus_probe", None)


def test_the_built_in_backends_register_through_the_hook():
    names = [backend.name for backend in collect_probe_backends(get_plugin_manager(autoload=False))]
    assert names == ["torch", "tensorflow"]


def test_a_third_party_backend_is_asked_first(plugin_module):
    manager = get_plugin_manager(autoload=False)
    manager.register(plugin_module, name="abacus")
    assert [b.name for b in collect_probe_backends(manager)] == ["abacus", "torch", "tensorflow"]
    assert backend_for(plugin_module.AbacusModel(), manager).name == "abacus"
    assert backend_for(object(), manager).name == "tensorflow"  # the fallback, as before


def test_a_backend_without_measure_is_a_plugin_error():
    class Broken:
        name = "broken"

        def handles(self, model):
            return True

    class Plugin:
        @gnnlint.hookimpl
        def gnnlint_register_probe_backends(self):
            return [Broken()]

    manager = get_plugin_manager(autoload=False)
    manager.register(Plugin(), name="broken-plugin")
    with pytest.raises(PluginError, match="plugin 'broken-plugin' registered a probe backend without"):
        collect_probe_backends(manager)


def test_the_probe_child_measures_with_an_installed_plugins_backend(tmp_path):
    """An installed distribution (its entry point in a .dist-info folder) adds a backend; the child
    process that runs a user's gnnlint_probe() hands the model to it."""
    site = tmp_path / "site"
    (site / "abacus_probe-1.0.dist-info").mkdir(parents=True)
    (site / "abacus_probe-1.0.dist-info" / "METADATA").write_text("Metadata-Version: 2.1\nName: abacus-probe\nVersion: 1.0\n")
    (site / "abacus_probe-1.0.dist-info" / "entry_points.txt").write_text("[gnnlint]\nabacus = abacus_probe\n")
    (site / "abacus_probe.py").write_text(BACKEND_PLUGIN)
    user = tmp_path / "model.py"
    user.write_text(textwrap.dedent('''\
        def gnnlint_probe():
            from gnnlint import ProbeCase
            from abacus_probe import AbacusModel

            return ProbeCase(model=AbacusModel(), inputs=(1.0, 2.0))
    '''))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(site), os.environ.get("PYTHONPATH")]))}
    request = json.dumps({"path": str(user), "device": "cpu", "memory_mb": None})
    done = subprocess.run([sys.executable, "-m", "gnnlint.probe.child", request], capture_output=True, text=True,
                          env=env, timeout=120)
    messages = [json.loads(line) for line in done.stdout.splitlines()]
    (case,) = [m["case"] for m in messages if m["type"] == "case"]
    assert case["error"] is None, case["error"]
    assert case["backend"] == "abacus" and case["output"] == {"rms": 3.0, "measured_by": "abacus"}
