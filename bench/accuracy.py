"""Accuracy of gnnlint on a labelled corpus of realistic GNN programs (fixtures/corpus/).

    python bench/accuracy.py            # table, misses, known misses, false positives
    python bench/accuracy.py --json     # the same as one JSON document

Each program marks the findings it must produce at the end of the line where they are reported:

    deg_inv = deg.pow(-0.5)          # expect: GNN102
    optimizer.step()                 # expect: GNN401, GNN505
    out = adj @ x                    # expect-miss: GNN101 (adjacency built in another module)

`expect-miss` records a real hazard the rules do not see yet: it counts against recall but does not
fail the run. Anything reported on a line/code that carries no marker is a false positive.

The real CLI runs once over the corpus with the DEFAULT rule selection (what plain `gnnlint` shows
a user): info-only rules (GNN106, GNN403, GNN601, GNN902) and info-severity GNN401 findings are
not shown, so they are neither expected nor counted. An empty configuration file is passed so that
the repository's own settings never change the figures.

Exit status: 0 when every `expect` marker was found and nothing unmarked was reported, 1 otherwise,
2 when gnnlint itself failed (a crash, GNN901, unreadable output).
"""

from __future__ import annotations

import argparse
import io
import json
import re
import subprocess
import sys
import tempfile
import tokenize
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "fixtures" / "corpus"

MARKER = re.compile(r"#\s*expect(?P<miss>-miss)?:\s*(?P<codes>[A-Z]{2,4}\d{3}(?:\s*,\s*[A-Z]{2,4}\d{3})*)"
                    r"(?P<why>.*)$")
CODE = re.compile(r"[A-Z]{2,4}\d{3}")

Key = tuple[str, int, str]  # (path relative to the corpus, line, code)


@dataclass
class Markers:
    expected: set[Key] = field(default_factory=set)
    known_misses: dict[Key, str] = field(default_factory=dict)  # key -> the reason given


def parse_markers(source: str, path: str) -> Markers:
    """Markers from the comments of one file (tokenized, so `# expect:` inside a string is text)."""
    found = Markers()
    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    for token in tokens:
        if token.type != tokenize.COMMENT:
            continue
        match = MARKER.search(token.string)
        if not match:
            continue
        line = token.start[0]
        for code in CODE.findall(match["codes"]):
            key = (path, line, code)
            if match["miss"]:
                found.known_misses[key] = match["why"].strip().strip("()").strip()
            else:
                found.expected.add(key)
    return found


@dataclass
class Score:
    files: int
    expected: set[Key]
    known_misses: dict[Key, str]
    reported: dict[Key, str]  # key -> message

    @property
    def hits(self) -> set[Key]:
        return set(self.reported) & (self.expected | set(self.known_misses))

    @property
    def misses(self) -> list[Key]:
        return sorted(self.expected - set(self.reported))

    @property
    def open_known_misses(self) -> list[Key]:
        return sorted(set(self.known_misses) - set(self.reported))

    @property
    def fixed_known_misses(self) -> list[Key]:
        """Known misses the rules now find: turn their markers into `expect`."""
        return sorted(set(self.known_misses) & set(self.reported))

    @property
    def false_positives(self) -> list[Key]:
        return sorted(set(self.reported) - self.expected - set(self.known_misses))

    @property
    def ok(self) -> bool:
        return not self.misses and not self.false_positives

    def families(self) -> dict[str, dict[str, int]]:
        table: dict[str, dict[str, int]] = defaultdict(lambda: {"marked": 0, "found": 0, "reported": 0, "false_positives": 0})
        hits, fps = self.hits, set(self.false_positives)
        for key in self.expected | set(self.known_misses):
            row = table[family(key[2])]
            row["marked"] += 1
            row["found"] += key in hits
        for key in self.reported:
            row = table[family(key[2])]
            row["reported"] += 1
            row["false_positives"] += key in fps
        return dict(sorted(table.items()))

    def as_dict(self) -> dict:
        marked = len(self.expected) + len(self.known_misses)
        hits = len(self.hits)
        return {
            "programs": self.files,
            "marked": marked,
            "found": hits,
            "reported": len(self.reported),
            "recall": ratio(hits, marked),
            "precision": ratio(hits, len(self.reported)),
            "families": {
                name: {**row, "recall": ratio(row["found"], row["marked"])} for name, row in self.families().items()
            },
            "misses": [as_entry(key) for key in self.misses],
            "known_misses": [{**as_entry(key), "why": self.known_misses[key]} for key in self.open_known_misses],
            "fixed_known_misses": [as_entry(key) for key in self.fixed_known_misses],
            "false_positives": [{**as_entry(key), "message": self.reported[key]} for key in self.false_positives],
            "ok": self.ok,
        }


def family(code: str) -> str:
    return code[:-2] + "xx"


def ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def as_entry(key: Key) -> dict:
    return {"path": key[0], "line": key[1], "code": key[2]}


def collect_markers(corpus: Path) -> tuple[int, Markers]:
    markers = Markers()
    files = sorted(corpus.rglob("*.py"))
    for path in files:
        found = parse_markers(path.read_text(encoding="utf-8"), path.relative_to(corpus).as_posix())
        markers.expected |= found.expected
        markers.known_misses.update(found.known_misses)
    return len(files), markers


def run_gnnlint(corpus: Path) -> dict[Key, str]:
    """One CLI run over the corpus with the default selection; findings keyed by (path, line, code)."""
    with tempfile.TemporaryDirectory() as scratch:
        config = Path(scratch) / "gnnlint.toml"
        config.write_text("", encoding="utf-8")
        done = subprocess.run(
            [sys.executable, "-m", "gnnlint", "--output-format", "json", "--no-cache", "--exit-zero",
             "--config", str(config), str(corpus)],
            capture_output=True, text=True, cwd=REPO)
    # Exit 2 with a JSON report means a rule crashed on a file: its GNN901 counts as a false positive.
    if done.returncode not in (0, 2):
        raise RuntimeError(f"gnnlint exited {done.returncode}:\n{done.stderr.strip()}")
    try:
        document = json.loads(done.stdout)
    except json.JSONDecodeError as error:
        raise RuntimeError(f"gnnlint printed no JSON ({error}):\n{done.stdout[:2000]}\n{done.stderr[:2000]}")
    reported: dict[Key, str] = {}
    for d in document["diagnostics"]:
        path = Path(d["path"])
        path = (REPO / path) if not path.is_absolute() else path
        key = (path.resolve().relative_to(corpus.resolve()).as_posix(), d["line"], d["code"])
        reported[key] = d["message"]
    return reported


def score(corpus: Path = CORPUS) -> Score:
    files, markers = collect_markers(corpus)
    return Score(files, markers.expected, markers.known_misses, run_gnnlint(corpus))


def percent(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.1f}%"


def render(result: dict) -> str:
    lines = [f"gnnlint accuracy on {result['programs']} programs (fixtures/corpus, default rule selection)", ""]
    lines.append(f"{'family':8} {'marked':>6} {'found':>6} {'recall':>7} {'reported':>8} {'false +':>7}")
    for name, row in result["families"].items():
        lines.append(f"{name:8} {row['marked']:>6} {row['found']:>6} {percent(row['recall']):>7} "
                     f"{row['reported']:>8} {row['false_positives']:>7}")
    lines.append(f"{'all':8} {result['marked']:>6} {result['found']:>6} {percent(result['recall']):>7} "
                 f"{result['reported']:>8} {len(result['false_positives']):>7}")
    lines += ["", f"recall {percent(result['recall'])}  precision {percent(result['precision'])}"]
    sections = (
        ("Misses (marked `expect`, not reported)", result["misses"], lambda e: ""),
        ("False positives (reported, not marked)", result["false_positives"], lambda e: f"  {e['message']}"),
        ("Known misses (`expect-miss`)", result["known_misses"], lambda e: f"  ({e['why']})" if e["why"] else ""),
        ("Known misses now found (change the marker to `expect`)", result["fixed_known_misses"], lambda e: ""),
    )
    for title, entries, extra in sections:
        if entries:
            lines += ["", f"{title}: {len(entries)}"]
            lines += [f"  {e['path']}:{e['line']}: {e['code']}{extra(e)}" for e in entries]
    lines += ["", "OK" if result["ok"] else "FAILED: marked findings missed or unmarked findings reported"]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="folder of labelled programs")
    args = parser.parse_args(argv)
    try:
        result = score(args.corpus).as_dict()
    except RuntimeError as error:
        print(f"accuracy: {error}", file=sys.stderr)
        return 2
    print(json.dumps(result, indent=2) if args.json else render(result))
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
