"""The server's engine process: lints, fixes and rule pages, answered in plain picklable data.

The engine runs in a separate process, not a thread of the server: a 2,000-line file's libcst
tree is hundreds of thousands of objects, and the garbage collector's full passes over it (and
parts of the parse) hold the GIL for 50-200 ms, during which a server thread could not even read
the editor's next message. Here those pauses stop only this process.

Each function is called with the document's text and path; the process keeps the last few lint
results by content, so a code action on the text just linted costs no second lint.
"""

from __future__ import annotations

import collections
import dataclasses
import gc
import hashlib
import os
import sys
from pathlib import Path

from gnnlint.catalogue import help_url
from gnnlint.config import ConfigError
from gnnlint.diagnostics import Diagnostic
from gnnlint.engine import Finding
from gnnlint.lsp import edits
from gnnlint.lsp.pages import hover_page
from gnnlint.lsp.project import Project, Projects
from gnnlint.lsp.text import LineIndex
from gnnlint.plugins import PluginError

# Lint results (with their trees, for fixes) kept by content: the text just linted (code actions,
# save) and a few before it (undo). Few, because the collector walks every tree kept.
CACHE_SIZE = 4

_roots: dict[Path, Path] = {}
_projects = Projects(lambda path: _roots.get(path, path.parent.resolve()))
_cache: collections.OrderedDict[tuple[str, bytes], tuple[Project, list[Finding]]] = collections.OrderedDict()


@dataclasses.dataclass
class Result:
    """A lint of one text: the CLI's diagnostics, or the one-line reason it could not lint."""

    diagnostics: list[Diagnostic]
    problem: str | None = None
    # code -> (rule page URL, hover markdown) for the codes found
    rules: dict[str, tuple[str | None, str]] = dataclasses.field(default_factory=dict)


def key(diagnostic: Diagnostic) -> tuple[str, int, int, str]:
    """What names a finding between the server and this process (its list index would not
    survive a re-lint after a config change)."""
    return diagnostic.code, diagnostic.line, diagnostic.column, diagnostic.message


@dataclasses.dataclass
class Action:
    """A code action for one finding (by ``key``): the whole fixed text, or an insertion."""

    finding: tuple[str, int, int, str]
    title: str
    preferred: bool = False
    text: str | None = None  # the whole new text (a fix)
    insert_at: tuple[int, int] | None = None  # (1-based line, character in the line) for ``insert``
    insert: str = ""


def initialize() -> None:
    """In the new process: its standard output is the server's, the channel to the editor, so
    anything a rule or plugin prints (from Python or from C) goes to standard error instead."""
    sys.stdout.flush()
    os.dup2(2, 1)
    sys.stdout = sys.stderr


def warm_up() -> None:
    """Import and start libcst's parser, so that the editor's first file is not also the process's first."""
    import libcst as cst

    cst.parse_module("x = 1\n")
    # As the CLI does (cli._tune_garbage_collection): this process is ours, and the collector's
    # passes over what start-up made and over each file's tree were a tenth of a lint.
    gc.freeze()
    gc.set_threshold(10_000, 20, 20)


def _findings(path: str, text: str, root: str) -> tuple[Project, list[Finding]]:
    file = Path(path)
    _roots[file] = Path(root)
    project = _projects.for_file(file)
    key = (path, hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest())
    hit = _cache.get(key)
    if hit is not None and hit[0] is project:
        _cache.move_to_end(key)
        return hit
    findings = project.lint(text, file)
    _cache[key] = (project, findings)
    while len(_cache) > CACHE_SIZE:
        _cache.popitem(last=False)
    return project, findings


def forget_configs() -> None:
    """A pyproject.toml was saved: look for each file's config again."""
    _projects.forget()


def lint(path: str, text: str, root: str) -> Result:
    """``root``: where a file outside any configured project is anchored (its workspace folder)."""
    try:
        project, findings = _findings(path, text, root)
    except (ConfigError, PluginError) as error:
        return Result([], problem=f"gnnlint cannot lint this file: {error}")
    rules = {}
    for code in {f.diagnostic.code for f in findings}:
        rule = project.rules.get(code)
        if rule is not None:
            rules[code] = (help_url(rule), hover_page(rule))  # type: ignore[arg-type]  # mypy: a class is not Hashable
    return Result([f.diagnostic for f in findings], rules=rules)


def actions(path: str, text: str, root: str, wanted: list[tuple[str, int, int, str]], unsafe: bool) -> list[Action]:
    """For each wanted finding (by ``key``): its fix when allowed (unsafe ones only with
    ``unsafe``, and labelled so), and a ``# noqa`` for its code."""
    try:
        _, findings = _findings(path, text, root)
    except (ConfigError, PluginError):
        return []
    found: list[Action] = []
    for finding in findings:
        diagnostic = finding.diagnostic
        if key(diagnostic) not in wanted:
            continue
        name = key(diagnostic)
        if diagnostic.fix == "safe" or (diagnostic.fix == "unsafe" and unsafe):
            fixed = edits.fix_one(finding)
            if fixed is not None:
                title = f"Fix {diagnostic.code}: {diagnostic.fix_title or 'apply the suggested fix'}"
                found.append(Action(name, title + (" (unsafe)" if diagnostic.fix == "unsafe" else ""),
                                    preferred=diagnostic.fix == "safe", text=fixed))
        line = edits.noqa_line(text, finding)
        column, insertion = edits.noqa_insertion(LineIndex(text).line_text(line - 1), diagnostic.code)
        if insertion:
            found.append(Action(name, f"Suppress {diagnostic.code} on line {line} (# noqa: {diagnostic.code})",
                                insert_at=(line, column), insert=insertion))
    return found


def fix_all(path: str, text: str, root: str) -> str:
    """The text with every safe fix applied, as ``gnnlint --fix`` would write it."""
    try:
        project, _ = _findings(path, text, root)
    except (ConfigError, PluginError):
        return text
    return edits.fix_all(text, project.relative(Path(path)), project.settings)
