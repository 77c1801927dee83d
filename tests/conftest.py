from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def run_gnnlint(*args: str, cwd: Path | str | None = None, stdin: str | None = None,
                env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """The real CLI in a subprocess, as a user runs it."""
    full_env = {**os.environ, "NO_COLOR": "1", **(env or {})}
    return subprocess.run([sys.executable, "-m", "gnnlint", *args], cwd=cwd, input=stdin, text=True,
                          capture_output=True, env=full_env, timeout=300)


@pytest.fixture
def gnnlint_cli():
    return run_gnnlint
