"""A content-hash cache: an unchanged file, linted with the same rules, options, gnnlint and plugin
versions, is never parsed again.

Each entry is its own small file named by its key and written atomically (temp file + rename), so
two runs sharing a cache directory can only ever read a complete entry or none.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

from gnnlint.analysis import project
from gnnlint.diagnostics import Diagnostic

CACHE_DIR_NAME = ".gnnlint_cache"


class Cache:
    def __init__(self, directory: Path, fingerprint: str) -> None:
        self.directory = directory
        self.fingerprint = fingerprint
        self._ready = False
        # Dependencies' digests taken by this run: every file of a folder depends on the folder's
        # listing, and most on the same few modules, so each is read once, not once per file.
        self._digests: dict[str, str | None] = {}

    def start_run(self) -> None:
        """Forget the digests of the last run: a Cache kept across runs (a library caller's, an
        editor's) must see the modules edited in between."""
        self._digests.clear()

    def key(self, data: bytes) -> str:
        return hashlib.blake2b(self.fingerprint.encode() + b"\0" + data, digest_size=20).hexdigest()

    def get(self, key: str, path: str) -> list[Diagnostic] | None:
        """The cached result, if its file is unchanged (``key``) and so is every project module it
        read (an edit to ``utils.py`` re-lints the files whose values flowed through it)."""
        try:
            with open(self.directory / key[:2] / key, encoding="utf-8") as handle:
                entry = json.load(handle)
            if not project.unchanged(entry["depends_on"], self._digests):
                return None
            return [Diagnostic(**{**found, "path": path}) for found in entry["diagnostics"]]
        except (OSError, ValueError, TypeError, KeyError):
            return None  # missing, half-written by a crashed older version, or from another schema

    def put(self, key: str, diagnostics: list[Diagnostic], depends_on: dict[str, str] | None = None) -> None:
        folder = self.directory / key[:2]
        try:
            self._prepare()
            folder.mkdir(exist_ok=True)
            payload = json.dumps({"depends_on": depends_on or {}, "diagnostics": [d.to_dict() for d in diagnostics]})
            descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=".tmp-")
            with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
                handle.write(payload)
            os.replace(temporary, folder / key)
        except OSError:
            pass  # a read-only or full disk makes the run slower, never wrong

    def _prepare(self) -> None:
        if self._ready:
            return
        self.directory.mkdir(parents=True, exist_ok=True)
        ignore = self.directory / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# Created by gnnlint automatically.\n*\n", encoding="utf-8")
        self._ready = True
