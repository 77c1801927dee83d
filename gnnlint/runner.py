"""Linting many files: reading them, the cache, a process pool, and per-file ignores."""

from __future__ import annotations

import dataclasses
import fnmatch
import os
from collections.abc import Callable, Sequence
from pathlib import Path

from gnnlint.analysis import project
from gnnlint.cache import Cache
from gnnlint.diagnostics import Diagnostic
from gnnlint.engine import DecodeError, LintSettings, decode_source, lint_source, unknown_noqa_codes, unreadable


@dataclasses.dataclass
class FileOutcome:
    diagnostics: list[Diagnostic]
    error: str | None = None  # a one-line message: the file could not be read at all
    warnings: list[str] = dataclasses.field(default_factory=list)


def read_and_lint(path: str, settings: LintSettings, cache: Cache | None = None) -> FileOutcome:
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except IsADirectoryError:
        return FileOutcome([], f"{path}: is a directory, not a file")
    except OSError as error:
        return FileOutcome([], f"{path}: cannot read: {error.strerror or error}")
    key = cache.key(data) if cache is not None else None
    if cache is not None and key is not None:
        cached = cache.get(key, path)
        if cached is not None:
            return FileOutcome(cached, warnings=_noqa_warnings(data, path, settings))
    diagnostics = lint_bytes(data, path, settings)
    if cache is not None and key is not None:
        cache.put(key, diagnostics, project.consulted(path))
    return FileOutcome(diagnostics, warnings=_noqa_warnings(data, path, settings))


def _noqa_warnings(data: bytes, path: str, settings: LintSettings) -> list[str]:
    if b"noqa" not in data or path.endswith(".ipynb"):
        return []
    try:
        source = decode_source(data)
    except DecodeError:
        return []
    return [f"{path}:{line}: `# noqa` names unknown code {code}" for line, code in unknown_noqa_codes(source, settings)]


def lint_bytes(data: bytes, path: str, settings: LintSettings) -> list[Diagnostic]:
    if path.endswith(".ipynb"):
        from gnnlint.notebook import lint_notebook

        return lint_notebook(data, path, settings)
    try:
        source = decode_source(data)
    except DecodeError as error:
        return unreadable(path, f"cannot decode the file: {error}", settings)
    return lint_source(source, path, settings)


# The pool's workers are forked after these are set, so nothing needs pickling but paths and results.
_WORKER: tuple[LintSettings, Cache | None] | None = None


def _lint_in_worker(path: str) -> FileOutcome:
    assert _WORKER is not None
    return read_and_lint(path, *_WORKER)


def _from_cache(path: str, settings: LintSettings, cache: Cache) -> FileOutcome | None:
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError:
        return None  # the full path reports it
    cached = cache.get(cache.key(data), path)
    return None if cached is None else FileOutcome(cached, warnings=_noqa_warnings(data, path, settings))


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def _by_folder(paths: list[str]) -> list[str]:
    """Folders with the most bytes first, each folder's files together: a big folder left for the
    end would keep one worker busy while the others sit idle, and a worker that lints a folder's
    files in a row reads the project modules they share once (:mod:`gnnlint.analysis.project`)."""
    folders: dict[str, list[str]] = {}
    for path in paths:
        folders.setdefault(os.path.dirname(path), []).append(path)
    ordered = sorted(folders.values(), key=lambda group: sum(map(_size, group)), reverse=True)
    return [path for group in ordered for path in sorted(group, key=_size, reverse=True)]


def lint_files(paths: Sequence[str], settings: LintSettings, *, jobs: int | None = None,
               cache: Cache | None = None) -> list[FileOutcome]:
    """Outcomes in the order of ``paths``; in parallel where forking is available and it pays.
    Cache hits are answered here first, so an unchanged tree starts no worker at all."""
    global _WORKER
    done: dict[str, FileOutcome] = {}
    if cache is not None:
        cache.start_run()
        for path in paths:
            hit = _from_cache(path, settings, cache)
            if hit is not None:
                done[path] = hit
    pending = [path for path in paths if path not in done]
    jobs = jobs or os.cpu_count() or 1
    if jobs <= 1 or len(pending) < 4 * jobs or not hasattr(os, "fork"):
        done.update((path, read_and_lint(path, settings, cache)) for path in pending)
        return [done[path] for path in paths]
    # imported here: a pre-commit run on a few files, or a warm one, never starts a pool
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from gnnlint._lazy_libcst import load_libcst_now

    load_libcst_now()

    pending = _by_folder(pending)  # in small chunks, below
    _WORKER = (settings, cache)
    try:
        with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork")) as pool:
            chunk = max(1, len(pending) // (jobs * 16))
            done.update(zip(pending, pool.map(_lint_in_worker, pending, chunksize=chunk)))
    finally:
        _WORKER = None
    return [done[path] for path in paths]


def per_file_ignore_filter(patterns: dict[str, list[str]], root: Path) -> Callable[[Diagnostic], bool]:
    """A predicate keeping the diagnostics that ``per-file-ignores`` (glob -> code prefixes) allows."""
    if not patterns:
        return lambda diagnostic: True

    def keep(diagnostic: Diagnostic) -> bool:
        path = Path(diagnostic.path)
        try:
            relative = path.resolve().relative_to(root).as_posix()
        except (ValueError, OSError):
            relative = path.as_posix()
        for pattern, codes in patterns.items():
            if fnmatch.fnmatchcase(relative, pattern) or fnmatch.fnmatchcase(path.name, pattern):
                if any(code == "ALL" or diagnostic.code.startswith(code) for code in codes):
                    return False
        return True

    return keep

