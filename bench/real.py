"""Score gnnlint on real code nobody on the project wrote: the labelled sites of bench/real/sites/.

    python bench/real.py                 # assemble, lint, score; write bench/REAL.md
    python bench/real.py --show dev      # also list the development split's misses and false alarms

Each site (repo, commit, path, line, rule, hazard or guard; see bench/real/README.md) is read from
a fetched snapshot (`fetch github:owner/name` puts it under --mirror). The files are assembled at
their commits under --work (never into the repository), linted in one run with default rules, and
each site is scored: a hazard is found when a finding of its rule is on its line (or the line
before or after, for statements that span lines, unless that line is a labelled site of the same
rule itself); a guard is a false alarm when one is.

The split is fixed by a hash of the site, so nobody chooses which sites are scored: develop
against `dev`, and read `scored` only to report.
"""

from __future__ import annotations

import argparse
import collections
import dataclasses
import datetime
import hashlib
import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SITES = ROOT / "bench" / "real" / "sites"

FAMILIES = {  # the families issue 16 reports by
    "adjacency": ("GNN101", "GNN104", "GNN105", "GNN106"),
    "degree division": ("GNN102", "GNN103"),
    "initialisation": ("GNN201", "GNN202", "GNN203", "GNN204"),
    "feature scaling": ("GNN301", "GNN302"),
    "clipping and rates": ("GNN401", "GNN402", "GNN403", "GNN404"),
    "output and loss": ("GNN502", "GNN602"),
    "numerics": ("GNN501", "GNN503", "GNN504", "GNN505", "GNN506", "GNN507"),
    "architecture": ("GNN601", "GNN603"),
}


def family(code: str) -> str:
    return next((name for name, codes in FAMILIES.items() if code in codes), "other")


@dataclasses.dataclass(frozen=True)
class Site:
    repo: str
    commit: str
    path: str
    line: int
    code: str
    verdict: str  # "hazard" or "guard"
    why: str
    evidence: str
    # "reading" (found by reading the code, the default) or "gnnlint" (first seen in gnnlint's output and
    # then verified by reading): such a site is not scored, since the tool chose it, but it keeps a
    # finding on its line from counting for a labelled neighbour.
    found_by: str = "reading"

    @property
    def split(self) -> str:
        digest = hashlib.sha1(f"{self.repo}:{self.path}:{self.line}:{self.code}".encode()).digest()
        return "dev" if digest[0] % 2 == 0 else "scored"

    @property
    def folder(self) -> str:
        return f"{self.repo.replace('/', '__')}@{self.commit[:10]}"


def load_sites(folder: Path = SITES) -> list[Site]:
    sites: list[Site] = []
    for path in sorted(folder.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        repo = data["repo"]
        for entry in data.get("site", []):
            sites.append(Site(repo["name"], repo["commit"], entry["path"], int(entry["line"]), entry["code"],
                              entry["verdict"], entry.get("why", ""), entry.get("evidence", "reasoning"),
                              entry.get("found_by", "reading")))
    return sites


def git_dir(mirror: Path, repo: str) -> Path | None:
    base = mirror / repo.replace("/", "+") / "repo"
    for candidate in (base / ".git", base):
        if (candidate / "objects").is_dir():
            return candidate
    return None


def assemble(sites: list[Site], mirror: Path, work: Path) -> tuple[dict[tuple[str, str], Path], list[str]]:
    """Write each labelled file at its commit under ``work``; return where each went and what is missing."""
    placed: dict[tuple[str, str], Path] = {}
    missing: list[str] = []
    for (repo, commit), group in _by_snapshot(sites).items():
        source = git_dir(mirror, repo)
        if source is None:
            missing.append(f"{repo}: no snapshot (fetch github:{repo})")
            continue
        for path in sorted(_with_neighbours(source, commit, {site.path for site in group})):
            target = work / group[0].folder / path
            shown = subprocess.run(["git", "--git-dir", str(source), "show", f"{commit}:{path}"],
                                   capture_output=True)
            if shown.returncode != 0:
                missing.append(f"{repo}@{commit[:10]}:{path}: {shown.stderr.decode(errors='replace').strip()}")
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(shown.stdout)
            placed[(group[0].folder, path)] = target
    return placed, missing


# A repository this small is assembled whole; a larger one, the labelled files' own folders.
CONFIG_SUFFIXES = (".yml", ".yaml", ".json")
CONFIG_BYTES = 64 * 1024
_WHOLE_REPOSITORY = 200


def _with_neighbours(source: Path, commit: str, paths: set[str]) -> set[str]:
    """The labelled files and the Python modules beside them: values cross modules (a layer in
    ``layers.py`` gets the adjacency ``train.py`` loads with ``utils.py``), so a site is linted with
    the project around it, as a user's run would."""
    listed = subprocess.run(["git", "--git-dir", str(source), "ls-tree", "-r", "-l", commit],
                            capture_output=True, text=True)
    entries = [line.split("\t", 1) for line in listed.stdout.splitlines()] if listed.returncode == 0 else []
    python = [p for _, p in entries if p.endswith(".py")]
    # Small configuration files: a script may load its hyper-parameters from them (gnnlint reads them).
    configs = [p for meta, p in entries if p.endswith(CONFIG_SUFFIXES) and meta.split()[-1].isdigit()
               and int(meta.split()[-1]) <= CONFIG_BYTES]
    if len(python) <= _WHOLE_REPOSITORY:
        return paths | set(python) | set(configs)
    folders = {p.rpartition("/")[0] for p in paths}
    return paths | {p for p in python if p.rpartition("/")[0] in folders} | \
        {p for p in configs if any(p.startswith(f"{folder}/") or "/" not in p for folder in folders)}


def _by_snapshot(sites: list[Site]) -> dict[tuple[str, str], list[Site]]:
    groups: dict[tuple[str, str], list[Site]] = collections.defaultdict(list)
    for site in sites:
        groups[(site.repo, site.commit)].append(site)
    return groups


def opt_in_codes(sites: list[Site]) -> list[str]:
    """The labelled rules that are off by default (info-level advice such as GNN106 and GNN601): a
    site is judged with its own rule on, as a user who wants that advice would run it. Only these
    are named, so the info-level findings of rules that are on by default stay hidden as usual."""
    sys.path.insert(0, str(ROOT))
    from gnnlint.rules import builtin_rules

    off = {rule.code for rule in builtin_rules() if not rule.enabled_by_default()}
    return sorted(off & {site.code for site in sites})


def lint(work: Path, extend_select: list[str] | None = None) -> list[dict]:
    # The gnnlint of this checkout (a worktree), not whichever copy the interpreter has installed.
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
           "PYTHONSAFEPATH": "1"}
    extra = ["--extend-select", ",".join(extend_select)] if extend_select else []
    run = subprocess.run([sys.executable, "-m", "gnnlint", "--no-cache", "--output-format", "json", "--exit-zero",
                          *extra, str(work)], capture_output=True, text=True, cwd=work, env=env)
    if run.returncode != 0:
        raise SystemExit(f"gnnlint failed ({run.returncode}): {run.stderr[-2000:]}")
    return json.loads(run.stdout)["diagnostics"]


@dataclasses.dataclass
class Score:
    hazards: int = 0
    found: int = 0
    guards: int = 0
    false_alarms: int = 0

    @property
    def recall(self) -> float | None:
        return self.found / self.hazards if self.hazards else None

    @property
    def precision(self) -> float | None:
        reported = self.found + self.false_alarms
        return self.found / reported if reported else None


def score(sites: list[Site], diagnostics: list[dict], work: Path) -> tuple[dict, list[tuple[Site, bool]]]:
    by_file: dict[tuple[str, str], set[tuple[int, str]]] = collections.defaultdict(set)
    for d in diagnostics:
        relative = Path(d["path"]).resolve().relative_to(work.resolve()).parts
        by_file[(relative[0], "/".join(relative[1:]))].add((d["line"], d["code"]))
    scores: dict[tuple[str, str], Score] = collections.defaultdict(Score)
    outcomes: list[tuple[Site, bool]] = []
    labelled = {(site.folder, site.path, site.line, site.code) for site in sites}
    for site in sites:
        if site.found_by != "reading":
            continue
        found = by_file[(site.folder, site.path)]
        # A finding on a neighbouring line (a statement spanning lines) counts for a site only
        # when that line is not itself a labelled site of the rule: it belongs to that one.
        hit = (site.line, site.code) in found or any(
            (site.line + delta, site.code) in found
            and (site.folder, site.path, site.line + delta, site.code) not in labelled for delta in (-1, 1))
        for key in ((site.split, family(site.code)), (site.split, "all"), (site.split, site.code)):
            s = scores[key]
            if site.verdict == "hazard":
                s.hazards += 1
                s.found += hit
            else:
                s.guards += 1
                s.false_alarms += hit
        outcomes.append((site, hit))
    return scores, outcomes


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def render(scores: dict, sites: list[Site], missing: list[str], revision: str, opt_in: list[str]) -> str:
    unscored = sum(s.found_by != "reading" for s in sites)
    sites = [s for s in sites if s.found_by == "reading"]
    repos = {s.repo for s in sites}
    hazards = sum(s.verdict == "hazard" for s in sites)
    lines = [
        "# gnnlint on real code: the labelled-site manifest",
        "",
        f"Generated by `python bench/real.py` on {datetime.date.today()} at gnnlint {revision}, default rules"
        + (f" plus the off-by-default rules the manifest labels ({', '.join(opt_in)}), so each site is judged "
           "with its own rule on." if opt_in else "."),
        f"{len(sites)} sites ({hazards} hazards, {len(sites) - hazards} guarded look-alikes) in {len(repos)} "
        "repositories (bench/real/sites/). Recall: hazard sites reported. Precision: reported labelled sites "
        "that are hazards (a guard reported is a false alarm)."
        + (f" Not counted: {unscored} sites first seen in gnnlint's output (`found_by = \"gnnlint\"`)." if unscored else ""),
        "",
    ]
    for split in ("scored", "dev"):
        title = "Scored split (never developed against)" if split == "scored" else "Development split"
        lines += [f"## {title}", "", "| family | hazards | found | recall | guards | false alarms | precision |",
                  "|---|---:|---:|---:|---:|---:|---:|"]
        for name in [*FAMILIES, "all"]:
            s = scores.get((split, name))
            if s is None:
                continue
            label = f"**{name}**" if name == "all" else name
            lines.append(f"| {label} | {s.hazards} | {s.found} | {_pct(s.recall)} | {s.guards} | {s.false_alarms} "
                         f"| {_pct(s.precision)} |")
        lines.append("")
    lines += ["## By rule", "", "Totals only; the scored split's sites are not listed anywhere.", "",
              "| rule | scored: found / hazards | scored: false alarms / guards | dev: found / hazards "
              "| dev: false alarms / guards |", "|---|---:|---:|---:|---:|"]
    for code in sorted({s.code for s in sites}):
        cells = []
        for split in ("scored", "dev"):
            s = scores.get((split, code), Score())
            cells += [f"{s.found} / {s.hazards}", f"{s.false_alarms} / {s.guards}"]
        lines.append(f"| {code} | " + " | ".join(cells) + " |")
    lines.append("")
    if missing:
        lines += ["## Not scored", "", *[f"- {m}" for m in missing], ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mirror", type=Path, default=ROOT.parent / ".mirror", help="where fetch puts snapshots")
    parser.add_argument("--work", type=Path, default=ROOT / "bench" / "out" / "real", help="where files are assembled")
    parser.add_argument("--output", type=Path, default=ROOT / "bench" / "REAL.md")
    parser.add_argument("--sites", type=Path, default=SITES, help="the manifest folder")
    parser.add_argument("--show", choices=["dev"], help="list the development split's misses and false alarms")
    args = parser.parse_args(argv)
    sites = load_sites(args.sites)
    if not sites:
        raise SystemExit(f"no sites in {args.sites}")
    placed, missing = assemble(sites, args.mirror, args.work)
    scored_sites = [s for s in sites if (s.folder, s.path) in placed]
    opt_in = opt_in_codes(sites)
    diagnostics = lint(args.work, opt_in)
    scores, outcomes = score(scored_sites, diagnostics, args.work)
    revision = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True).stdout.strip() or "unknown"
    args.output.write_text(render(scores, scored_sites, missing, revision, opt_in) + "\n", encoding="utf-8")
    print(args.output.read_text(encoding="utf-8"))
    if args.show == "dev":
        for site, hit in outcomes:
            if site.split == "dev" and hit != (site.verdict == "hazard"):
                kind = "missed" if site.verdict == "hazard" else "false alarm"
                print(f"{kind:11} {site.code} {site.repo}@{site.commit[:7]}:{site.path}:{site.line}  {site.why[:100]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
