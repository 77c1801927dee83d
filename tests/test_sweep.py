"""A bounded subset of the reliability sweep (bench/sweep.py): real library code, every rule on,
no internal error. The full sweep's numbers are in bench/SWEEP.md."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest

from tests.conftest import REPO


@pytest.mark.skipif(importlib.util.find_spec("torch_geometric") is None, reason="needs the [all] extras installed")
def test_sweep_sample_has_no_internal_error():
    result = subprocess.run(
        [sys.executable, str(REPO / "bench" / "sweep.py"), "--sample", "40", "--output", "-",
         "--packages", "torch_geometric", "keras", "numpy", "torch"],
        capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 4 and all(", 0 rule errors, 0 crashes, 0 tracebacks," in line for line in lines)
