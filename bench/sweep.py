"""Reliability sweep: lint every .py file of big installed packages and count what happens.

    python bench/sweep.py                 # all of torch, tensorflow, keras, torch_geometric, numpy, scipy
    python bench/sweep.py --sample 25     # every 25th file (what CI runs)

Runs the real CLI (`--select ALL --no-cache --output-format json`) once per package and writes
bench/SWEEP.md: files, findings per code, internal errors (GNN901, tracebacks, crashes), wall time.
The run fails (exit 1) on any internal error.
"""

from __future__ import annotations

import argparse
import collections
import importlib.util
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

PACKAGES = ("torch", "tensorflow", "keras", "torch_geometric", "numpy", "scipy")
HERE = Path(__file__).resolve().parent


def package_root(name: str) -> Path | None:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(list(spec.submodule_search_locations)[0])


def sweep(name: str, root: Path, sample: int, jobs: int) -> dict:
    files = sorted(str(p) for p in root.rglob("*.py"))
    files = files[::sample]
    started = time.perf_counter()
    # Batches keep the command line short of the OS limit.
    results, stderr_lines, returncodes = [], [], []
    for start in range(0, len(files), 2000):
        batch = files[start:start + 2000]
        process = subprocess.run(
            [sys.executable, "-m", "gnnlint", "--select", "ALL", "--no-cache", "--output-format", "json",
             "--jobs", str(jobs), *batch], capture_output=True, text=True)
        returncodes.append(process.returncode)
        stderr_lines += [line for line in process.stderr.splitlines() if line.strip()]
        try:
            results += json.loads(process.stdout)["diagnostics"]
        except (ValueError, KeyError):
            stderr_lines.append(f"unreadable output (exit {process.returncode}): {process.stdout[:200]!r}")
    elapsed = time.perf_counter() - started
    counts = collections.Counter(d["code"] for d in results)
    crashes = [rc for rc in returncodes if rc not in (0, 1, 2)]
    tracebacks = [line for line in stderr_lines if "Traceback" in line or "internal error" in line]
    return {
        "package": name, "files": len(files), "seconds": round(elapsed, 1), "findings": sum(counts.values()),
        "by_code": dict(sorted(counts.items())), "rule_errors": counts.get("GNN901", 0),
        "syntax_errors": counts.get("GNN900", 0), "crashes": len(crashes), "tracebacks": len(tracebacks),
        "stderr": stderr_lines[:20],
        "examples_901": [f"{d['path']}:{d['line']}: {d['message']}" for d in results if d["code"] == "GNN901"][:10],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sample", type=int, default=1, help="lint every Nth file (default: all)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--packages", nargs="*", default=list(PACKAGES))
    parser.add_argument("--output", default=str(HERE / "SWEEP.md"), help="where to write the report ('-': nowhere)")
    args = parser.parse_args()
    rows = []
    for name in args.packages:
        root = package_root(name)
        if root is None:
            print(f"{name}: not installed, skipped", file=sys.stderr)
            continue
        row = sweep(name, root, args.sample, args.jobs)
        rows.append(row)
        print(f"{name}: {row['files']} files, {row['findings']} findings, {row['rule_errors']} rule errors, "
              f"{row['crashes']} crashes, {row['tracebacks']} tracebacks, {row['seconds']} s", file=sys.stderr)
    failed = any(r["rule_errors"] or r["crashes"] or r["tracebacks"] for r in rows)
    if args.output != "-":
        write_report(Path(args.output), rows, args.sample)
    return 1 if failed else 0


def write_report(path: Path, rows: list[dict], sample: int) -> None:
    lines = [
        "# Reliability sweep",
        "",
        f"`python bench/sweep.py{'' if sample == 1 else f' --sample {sample}'}` on {platform.platform()}, "
        f"Python {platform.python_version()}, {os.cpu_count()} CPUs, {time.strftime('%Y-%m-%d')}.",
        "Every rule enabled (`--select ALL`), no cache. Internal errors must be 0.",
        "",
        "| package | files | findings | GNN900 (unparsable) | GNN901 (rule errors) | crashes / tracebacks | seconds |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(f"| {r['package']} | {r['files']} | {r['findings']} | {r['syntax_errors']} | {r['rule_errors']} | "
                     f"{r['crashes']} / {r['tracebacks']} | {r['seconds']} |")
    total = {k: sum(r[k] for r in rows) for k in ("files", "findings", "syntax_errors", "rule_errors", "crashes",
                                                   "tracebacks", "seconds")}
    lines.append(f"| **all** | {total['files']} | {total['findings']} | {total['syntax_errors']} | "
                 f"{total['rule_errors']} | {total['crashes']} / {total['tracebacks']} | {round(total['seconds'], 1)} |")
    lines += ["", "Findings per code (library code, so most are not hazards of a user's training; see each rule's",
              "*Known limits*):", ""]
    merged = collections.Counter()
    for r in rows:
        merged.update(r["by_code"])
    lines += [f"- {code}: {count}" for code, count in sorted(merged.items())] or ["- none"]
    stderr = [line for r in rows for line in r["stderr"]]
    if stderr:
        lines += ["", "Messages on standard error (first few):", ""] + [f"    {line}" for line in stderr[:30]]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
