"""The floor of any libcst-based linter: parse every .py under a folder with libcst and do nothing
else, one process per CPU as gnnlint does. Run by bench/run.py beside the linters."""

from __future__ import annotations

import os
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import libcst


def parse(path: str) -> int:
    libcst.parse_module(Path(path).read_bytes())
    return 1


def main(root: str) -> None:
    files = sorted(str(p) for p in Path(root).rglob("*.py"))
    with ProcessPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        parsed = sum(pool.map(parse, files, chunksize=max(1, len(files) // ((os.cpu_count() or 1) * 8))))
    print(f"parsed {parsed} files")


if __name__ == "__main__":
    main(sys.argv[1])
