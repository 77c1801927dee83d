from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

# Spektral and TF1-style code under test need Keras 2 (tf-keras), as `./dev test` and CI set it;
# a plain `pytest` gets the same tests.
os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")


def run_gnnlint(*args: str, cwd: Path | str | None = None, stdin: str | None = None,
                env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """The real CLI in a subprocess, as a user runs it: this checkout's, also when the virtual
    environment holds an editable install of another checkout (a worktree beside main)."""
    path = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))
    full_env = {**os.environ, "NO_COLOR": "1", "PYTHONPATH": path, **(env or {})}
    return subprocess.run([sys.executable, "-m", "gnnlint", *args], cwd=cwd, input=stdin, text=True,
                          capture_output=True, env=full_env, timeout=300)


@pytest.fixture
def gnnlint_cli():
    return run_gnnlint


SARIF_SCHEMA_CACHE = REPO / ".cache" / "sarif-schema-2.1.0.json"


@pytest.fixture(scope="session")
def sarif_schema() -> dict:
    """The official SARIF 2.1.0 schema, from the npm registry (@microsoft/jest-sarif ships it).
    .ci/run fetches it; locally it is fetched on first use when npm is available."""
    import json
    import shutil
    import tarfile
    import tempfile

    if not SARIF_SCHEMA_CACHE.is_file() and shutil.which("npm"):
        with tempfile.TemporaryDirectory() as folder:
            packed = subprocess.run(["npm", "pack", "--silent", "@microsoft/jest-sarif@1.0.0-beta.0"], cwd=folder,
                                    capture_output=True, text=True, timeout=120)
            if packed.returncode == 0:
                with tarfile.open(Path(folder) / packed.stdout.strip().splitlines()[-1]) as archive:
                    member = archive.extractfile("package/lib/schemas/sarif-2.1.0-rtm.5.json")
                    SARIF_SCHEMA_CACHE.parent.mkdir(exist_ok=True)
                    SARIF_SCHEMA_CACHE.write_bytes(member.read())
    if not SARIF_SCHEMA_CACHE.is_file():
        if os.environ.get("CI"):
            pytest.fail("the SARIF schema could not be fetched; CI must validate SARIF output")
        pytest.skip("SARIF schema unavailable (no npm)")
    return json.loads(SARIF_SCHEMA_CACHE.read_text(encoding="utf-8"))
