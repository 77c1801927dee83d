"""Applying the replacements rules offer: ``--fix``, ``--unsafe-fixes``, ``--diff``.

Fixes are applied with libcst, so formatting and comments around them are kept. A pass applies
every non-overlapping fix, re-lints, and repeats until nothing is left to fix, so the result is
idempotent. A file that does not parse, or whose fixed text would not parse, is never changed.
"""

from __future__ import annotations

import dataclasses
import difflib
import os
import tempfile
from pathlib import Path

import libcst as cst

from gnnlint.engine import DecodeError, LintSettings, analyse, decode_with_encoding

MAX_PASSES = 5


@dataclasses.dataclass
class FixResult:
    source: str
    applied: int


class _Replacer(cst.CSTTransformer):
    def __init__(self, replacements: dict[int, cst.CSTNode | cst.RemovalSentinel]) -> None:
        super().__init__()
        self.replacements = replacements
        self.applied = 0

    def on_leave(self, original_node: cst.CSTNode,  # type: ignore[override]
                 updated_node: cst.CSTNode) -> cst.CSTNode | cst.RemovalSentinel:
        replacement = self.replacements.get(id(original_node))
        if replacement is None:
            return updated_node
        self.applied += 1
        return replacement


def fix_source(source: str, path: str, settings: LintSettings, unsafe: bool = False) -> FixResult:
    applied = 0
    for _ in range(MAX_PASSES):
        fixes: dict[int, cst.CSTNode | cst.RemovalSentinel] = {}
        module = None
        for finding in analyse(source, path, settings):
            report = finding.report
            if report is None or report.replacement is None or not (report.fix_safe or unsafe):
                continue
            fixes.setdefault(id(report.node), report.replacement)
            module = report.module
        if not fixes or module is None:
            break
        replacer = _Replacer(fixes)
        fixed = module.visit(replacer).code
        try:
            cst.parse_module(fixed)
        except cst.ParserSyntaxError:
            break  # a broken replacement: leave the file as it was
        if fixed == source:
            break
        source, applied = fixed, applied + replacer.applied
    return FixResult(source, applied)


def unified_diff(path: str, before: str, after: str) -> str:
    return "".join(difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True),
                                        fromfile=f"a/{path}", tofile=f"b/{path}"))


def write_atomically(path: str | Path, data: bytes) -> None:
    """Replace the file's content all at once: a crash mid-write leaves the old file intact."""
    target = Path(path)
    mode = target.stat().st_mode if target.exists() else None
    descriptor, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".gnnlint-tmp")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


@dataclasses.dataclass
class FileFix:
    path: str
    applied: int
    diff: str


def fix_file(path: str, settings: LintSettings, *, unsafe: bool, write: bool) -> FileFix | None:
    """Fix one file (a .py file or a notebook); None when nothing changed. ``write=False`` only diffs."""
    data = Path(path).read_bytes()
    fixed = fix_bytes(data, path, settings, unsafe=unsafe)
    if fixed is None:
        return None
    new_data, applied, diff = fixed
    if write:
        write_atomically(path, new_data)
    return FileFix(path, applied, diff)


def fix_bytes(data: bytes, path: str, settings: LintSettings, *, unsafe: bool) -> tuple[bytes, int, str] | None:
    """(fixed bytes, fixes applied, unified diff) of a file's content, named ``path``; None when
    nothing changed. Standard input (``--fix -``) goes through here too."""
    from gnnlint.notebook import NotebookError, join, write_back

    if path.endswith(".ipynb"):
        try:
            joined = join(data)
        except NotebookError:
            return None
        result = fix_source(joined.source, path, settings, unsafe)
        new_data = write_back(data, joined, result.source) if result.applied else None
        if new_data is None or new_data == data:
            return None
        before, after = data.decode("utf-8-sig"), new_data.decode("utf-8")
    else:
        try:
            before, encoding = decode_with_encoding(data)
        except DecodeError:
            return None
        result = fix_source(before, path, settings, unsafe)
        if not result.applied or result.source == before:
            return None
        after = result.source
        new_data = after.encode(encoding)
    return new_data, result.applied, unified_diff(path, before, after)
