"""Which files to lint, from the paths on the command line: directories recursively, default
excludes, configured excludes, and ``.gitignore`` files (read by us, so no git is needed)."""

from __future__ import annotations

import dataclasses
import fnmatch
import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

SOURCE_SUFFIXES = (".py", ".pyi", ".ipynb")
DEFAULT_EXCLUDES = frozenset({
    ".git", ".hg", ".svn", ".bzr", ".venv", "venv", ".tox", ".nox", ".eggs", "__pycache__", "__pypackages__",
    "build", "dist", "node_modules", "site-packages", ".mypy_cache", ".pytest_cache", ".ruff_cache",
    ".ipynb_checkpoints", ".gnnlint_cache", ".direnv", "_build", "buck-out",
})


# Default excludes that are build output by convention but sometimes hold source (DGL's
# `graphsage/dist/` is distributed training code): skipping one with Python files in it is said.
_MAYBE_SOURCE = frozenset({"build", "dist", "_build"})


@dataclasses.dataclass
class Discovered:
    files: list[Path]
    errors: list[str]
    # Folders with Python files in them that the default excludes skipped, to say so.
    skipped: list[Path] = dataclasses.field(default_factory=list)


class _Pattern:
    __slots__ = ("regex", "negated", "dir_only")

    def __init__(self, regex: re.Pattern[str], negated: bool, dir_only: bool) -> None:
        self.regex = regex
        self.negated = negated
        self.dir_only = dir_only


def _translate(pattern: str) -> str:
    """A gitignore glob (after anchoring is decided) to a regex over a relative posix path."""
    out = []
    i = 0
    while i < len(pattern):
        char = pattern[i]
        # `**` is special only as a whole path segment (git: "other consecutive asterisks are
        # considered regular asterisks"): `**/x`, `a/**/b`, `a/**`; `foo**bar` is `foo*bar`.
        segment_start = i == 0 or pattern[i - 1] == "/"
        if segment_start and pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            continue
        if pattern.startswith("/**", i) and i + 3 == len(pattern):
            out.append("/.*")
            i += 3
            continue
        if segment_start and pattern.startswith("**", i) and i + 2 == len(pattern):
            out.append(".*")
            i += 2
            continue
        if char == "*":
            while pattern.startswith("*", i + 1):
                i += 1
            out.append("[^/]*")
            i += 1
            continue
        if char == "?":
            out.append("[^/]")
        elif char == "[":
            end = pattern.find("]", i + 1)
            if end == -1:
                out.append(re.escape(char))
            else:
                body = pattern[i + 1:end].replace("\\", "\\\\")
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append(f"[{body}]")
                i = end
        elif char == "\\" and i + 1 < len(pattern):
            i += 1
            out.append(re.escape(pattern[i]))
        else:
            out.append(re.escape(char))
        i += 1
    return "".join(out)


def parse_gitignore(text: str) -> list[_Pattern]:
    patterns = []
    for raw in text.splitlines():
        line = raw.rstrip("\r")
        while line.endswith(" ") and not line.endswith("\\ "):
            line = line[:-1]  # trailing spaces are dropped unless escaped (`name\ ` keeps its space)
        if not line or line.startswith("#"):
            continue
        negated = line.startswith("!")
        if negated:
            line = line[1:]
        if line.startswith("\\"):
            line = line[1:]
        dir_only = line.endswith("/")
        line = line.rstrip("/")
        if not line:
            continue
        anchored = "/" in line
        line = line.lstrip("/")
        body = _translate(line)
        regex = f"^{body}$" if anchored else f"^(?:.*/)?{body}$"
        patterns.append(_Pattern(re.compile(regex, re.DOTALL), negated, dir_only))
    return patterns


class GitIgnore:
    """The .gitignore files that apply under a directory, each anchored at its own folder.
    Folders are absolute path strings: discovery runs per file, so no pathlib or syscalls here."""

    def __init__(self) -> None:
        self._by_dir: dict[str, list[_Pattern]] = {}

    def load(self, directory: str) -> None:
        if directory in self._by_dir:
            return
        patterns: list[_Pattern] = []
        try:
            with open(os.path.join(directory, ".gitignore"), encoding="utf-8", errors="replace") as handle:
                patterns = parse_gitignore(handle.read())
        except OSError:
            patterns = []
        self._by_dir[directory] = patterns

    def chain(self, directory: str) -> list[tuple[str, list[_Pattern]]]:
        """The loaded .gitignore files at ``directory`` and above it, outermost first (so the
        nearest one has the last word)."""
        found = []
        current = directory
        while True:
            patterns = self._by_dir.get(current)
            if patterns:
                found.append((current, patterns))
            parent = os.path.dirname(current)
            if parent == current:
                return found[::-1]
            current = parent

    @staticmethod
    def ignored(chain: list[tuple[str, list[_Pattern]]], path: str, is_dir: bool) -> bool:
        verdict = False
        for directory, patterns in chain:
            relative = path[len(directory):].lstrip("/")
            for pattern in patterns:
                if pattern.dir_only and not is_dir:
                    continue
                if pattern.regex.match(relative):
                    verdict = not pattern.negated
        return verdict


def _git_root(start: Path) -> Path | None:
    for directory in (start, *start.parents):
        if (directory / ".git").exists():
            return directory
    return None


class Excluder:
    """Configured ``exclude`` globs, matched against a path relative to the config root and against
    each of its components (so ``exclude = ["legacy"]`` skips every folder named legacy)."""

    def __init__(self, patterns: Sequence[str], root: Path) -> None:
        self.patterns = [p.rstrip("/") for p in patterns]
        self.root = root

    def excluded(self, path: Path) -> bool:
        if not self.patterns:
            return False
        try:
            relative = path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            relative = path.as_posix()
        parts = relative.split("/")
        for pattern in self.patterns:
            if fnmatch.fnmatchcase(relative, pattern) or any(fnmatch.fnmatchcase(part, pattern) for part in parts):
                return True
            if "/" in pattern and any(fnmatch.fnmatchcase("/".join(parts[:i]), pattern) for i in range(1, len(parts))):
                return True
        return False


def discover(paths: Iterable[str], excluder: Excluder, respect_gitignore: bool = True) -> Discovered:
    files: list[Path] = []
    errors: list[str] = []
    skipped: list[Path] = []
    seen: set[str] = set()

    def add(path: Path) -> None:
        key = os.path.abspath(path)
        if key not in seen:
            seen.add(key)
            files.append(path)

    for raw in paths:
        path = Path(raw)
        if not path.exists():
            errors.append(f"{raw}: no such file or directory")
        elif path.is_dir():
            for found in _walk(path, excluder, respect_gitignore, errors, skipped):
                add(found)
        elif excluder.excluded(path):
            continue  # pre-commit passes files one by one; configured excludes still apply
        elif path.suffix in SOURCE_SUFFIXES:
            add(path)
        else:
            errors.append(f"{raw}: not a Python file or notebook, skipped")
    return Discovered(files, errors, skipped)


def skipped_message(folder: Path) -> str:
    return (f"{folder}: skipped: `{folder.name}` folders are excluded by default as build output, but this "
            f"one holds Python files; name it on the command line to lint it")


def _holds_python(folder: Path) -> bool:
    try:
        return any(entry.name.endswith(SOURCE_SUFFIXES) for entry in os.scandir(folder))
    except OSError:
        return False


def _walk(top: Path, excluder: Excluder, respect_gitignore: bool, errors: list[str],
          skipped: list[Path]) -> Iterable[Path]:
    gitignore = GitIgnore()
    absolute = top.resolve()
    directory: Path | str  # a Path in the .gitignore loop, a str in os.walk's
    if respect_gitignore:
        root = _git_root(absolute) or absolute
        for directory in [root, *reversed([p for p in absolute.parents if root in p.parents]), absolute]:
            gitignore.load(str(directory))

    def on_error(error: OSError) -> None:
        errors.append(f"{error.filename}: cannot read directory: {error.strerror}")

    # os.walk does not follow symlinked folders, so a symlink loop cannot trap it.
    for directory, dirnames, filenames in os.walk(top, onerror=on_error):
        here = Path(directory)
        # The absolute folder, derived from the resolved top once per folder (no resolve() per file).
        absolute_here = os.path.normpath(os.path.join(absolute, os.path.relpath(directory, top)))
        chain: list[tuple[str, list[_Pattern]]] = []
        if respect_gitignore:
            gitignore.load(absolute_here)
            chain = gitignore.chain(absolute_here)
        kept = []
        for name in sorted(dirnames):
            child = here / name
            if name in DEFAULT_EXCLUDES or name.endswith(".egg-info") or (child / "pyvenv.cfg").exists():
                if name in _MAYBE_SOURCE and _holds_python(child):
                    skipped.append(child)
                continue
            if excluder.excluded(child) or (chain and gitignore.ignored(chain, f"{absolute_here}/{name}", True)):
                continue
            kept.append(name)
        dirnames[:] = kept
        for name in sorted(filenames):
            if not name.endswith(SOURCE_SUFFIXES):
                continue
            child = here / name
            if excluder.excluded(child) or (chain and gitignore.ignored(chain, f"{absolute_here}/{name}", False)):
                continue
            yield child
