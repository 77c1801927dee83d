"""Issue 17's measurement: default rules on the user-level code of 13 public GNN code bases.

    python bench/issue17.py              # assemble, lint, join with the audit's verdicts, print counts
    python bench/issue17.py --list       # also list each finding with its verdict

The code bases are read from fetched snapshots (`fetch github:owner/name`) at the commits below and
written under --work, never into the repository. Each finding is joined on (repo, path, line, code)
with bench/real/issue17_audit.md, the hand-labelled verdicts of the findings at the issue's start.
A finding the audit does not label is looked up in the labelled-site manifest (bench/real/sites/):
a hazard site there counts as real, a guard as false; anything else is printed as unlabelled.
"""

from __future__ import annotations

import argparse
import collections
import json
import re
import shutil
import subprocess
import sys
import tarfile
import io
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import real  # noqa: E402  (bench/real.py: the manifest and the snapshot reader)

ROOT = Path(__file__).resolve().parent.parent
AUDIT = ROOT / "bench" / "real" / "issue17_audit.md"

# (repo, commit, folder of user-level code; "" for the whole repository)
CODE_BASES = (
    ("pyg-team/pytorch_geometric", "5c6461b2305ad068a6d61165b3c55852a11aaa41", "examples"),
    ("dmlc/dgl", "3d16000b4170fa741ed9e9667f22ba84d3493026", "examples/pytorch"),
    ("danielegrattarola/spektral", "a5fa5e38fca4eaca1e47ccfe1b00e0a61f64648b", "examples"),
    ("snap-stanford/ogb", "61e9784ca76edeaa6e259ba0f836099608ff0586", "examples"),
    ("tkipf/gcn", "39a4089fe72ad9f055ed6fdb9746abdcfebc4d81", ""),
    ("tkipf/pygcn", "1600b5b748b3976413d1e307540ccc62605b4d6d", ""),
    ("tkipf/keras-gcn", "eb89564a0e865640c11283991685d80c84bc602a", ""),
    ("PetarV-/GAT", "5af87e7fce2b90ae1cbd621cd58059036a3c7436", ""),
    ("Diego999/pyGAT", "3664f2dc90cbf971564c0bf186dc794f12446d0c", ""),
    ("chennnM/GCNII", "ca91f5686c4cd09cc1c6f98431a5d5b7e36acc92", ""),
    ("williamleif/GraphSAGE", "a0fdef95dca7b456dab01cb35034717c8b6dd017", ""),
    ("RexYing/diffpool", "8dfb97cf60c2376ac804761837b9966f1d302acb", ""),
    ("weihua916/powerful-gnns", "9a2ce8ac3e99278307093a464a95caf0fb04b602", ""),
)


def assemble(mirror: Path, work: Path) -> list[str]:
    """Write each code base's Python files under work/<owner+name>/; return what could not be read."""
    missing = []
    shutil.rmtree(work, ignore_errors=True)
    for repo, commit, folder in CODE_BASES:
        source = real.git_dir(mirror, repo)
        if source is None:
            missing.append(f"{repo}: no snapshot (fetch github:{repo})")
            continue
        spec = f"{folder}/**/*.py" if folder else "**/*.py"
        archive = subprocess.run(["git", "--git-dir", str(source), "archive", "--format=tar", commit, "--",
                                  f":(glob){spec}"], capture_output=True)
        if archive.returncode != 0:
            missing.append(f"{repo}@{commit[:10]}: {archive.stderr.decode(errors='replace').strip()}")
            continue
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            tar.extractall(work / repo.replace("/", "+"), filter="data")
        _add_configs(source, commit, folder, work / repo.replace("/", "+"))
    return missing


def _add_configs(source: Path, commit: str, folder: str, target: Path) -> None:
    """The small configuration files (YAML/JSON) under ``folder``: a script may load its
    hyper-parameters from them, and gnnlint reads them (data sets shipped as JSON are larger)."""
    listed = subprocess.run(["git", "--git-dir", str(source), "ls-tree", "-r", "-l", commit, "--", folder or "."],
                            capture_output=True, text=True)
    for line in listed.stdout.splitlines() if listed.returncode == 0 else []:
        meta, path = line.split("\t", 1)
        size = meta.split()[-1]
        if path.endswith(real.CONFIG_SUFFIXES) and size.isdigit() and int(size) <= real.CONFIG_BYTES:
            shown = subprocess.run(["git", "--git-dir", str(source), "show", f"{commit}:{path}"], capture_output=True)
            if shown.returncode == 0:
                (target / path).parent.mkdir(parents=True, exist_ok=True)
                (target / path).write_bytes(shown.stdout)


def audit_verdicts() -> dict[tuple[str, str, int, str], str]:
    verdicts = {}
    row = re.compile(r"^\| ([^|]+) \| ([^|]+) \| (\d+) \| (GNN\d+) \| (\w+) \|")
    for line in AUDIT.read_text(encoding="utf-8").splitlines():
        match = row.match(line)
        if match:
            repo, path, number, code, verdict = (part.strip() for part in match.groups())
            verdicts[(repo, path, int(number), code)] = verdict
    return verdicts


def manifest_verdicts() -> dict[tuple[str, str, int, str], str]:
    verdicts = {}
    sites = real.load_sites()
    for delta in (0, -1, 1):  # a site's own line first, then a statement's neighbouring line, as bench/real.py scores
        for site in sites:
            verdict = "real" if site.verdict == "hazard" else "false"
            verdicts.setdefault((site.repo, site.path, site.line + delta, site.code), verdict)
    return verdicts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mirror", type=Path, default=ROOT.parent / ".mirror")
    parser.add_argument("--work", type=Path, default=ROOT / "bench" / "out" / "issue17")
    parser.add_argument("--list", action="store_true", help="list every finding with its verdict")
    args = parser.parse_args(argv)
    missing = assemble(args.mirror, args.work)
    for line in missing:
        print(f"not assembled: {line}")
    audit, manifest = audit_verdicts(), manifest_verdicts()
    counts: collections.Counter[str] = collections.Counter()
    rows = []
    for d in real.lint(args.work):
        parts = Path(d["path"]).resolve().relative_to(args.work.resolve()).parts
        key = (parts[0].replace("+", "/", 1), "/".join(parts[1:]), d["line"], d["code"])
        verdict = audit.get(key) or manifest.get(key) or "unlabelled"
        counts[verdict] += 1
        rows.append((verdict, *key, d["message"][:90]))
    total = sum(counts.values())
    print(f"{total} findings: " + ", ".join(f"{counts[v]} {v}" for v in ("real", "defensible", "false", "unlabelled")))
    if total:
        print(f"real share: {counts['real'] / total:.0%}")
    for row in sorted(rows):
        if args.list or row[0] in ("false", "unlabelled"):
            print(" | ".join(str(part) for part in row))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
