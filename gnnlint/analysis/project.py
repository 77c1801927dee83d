"""The user's own modules around a file: where values come from and go to across files.

A layer defined in ``layers.py`` is handed its adjacency by ``train.py``, which loads it with
``utils.load_data()``. To judge the layer, the graph layer (:mod:`gnnlint.analysis.graph`) asks this
module for the record of another project module: a parse and a recording walk, with no rule run,
kept once per process by content. It asks in both directions:

* **imports**: ``from utils import load_data`` / ``from .utils import normalize`` resolve to a file
  beside the importer (or in its package), whose function is evaluated with the caller's arguments;
* **importers**: the project files that import a module and call its functions or classes, found
  by a text search of the importer candidates before anything is parsed.

Every file consulted, and every folder searched for importers, is recorded against the file being
linted, so the result cache re-lints that file when any of them changes (:mod:`gnnlint.cache`).
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gnnlint.analysis.graph import GraphFacts

# Folders searched for importers are bounded: a repository of thousands of files is not re-read for
# every parameter of every layer.
_MAX_CANDIDATES = 300
# Other modules' records (a parsed tree and its graph each) kept between linted files: 12 holds the
# modules a project's files share while keeping the whole pool near 300 MB on the user-code corpus
# (16: 296 MB at session 20, 317 MB at session 21 once option paths and factories were read; 12: the
# largest process 164 -> 155 MB with the same findings; 24: 301 MB at session 19).
_MAX_RECORDS = 12
_IMPORT = re.compile(r"^[ \t]*(?:from[ \t]+(\.*[\w.]*)[ \t]+import|import[ \t]+([\w.]+))[^\n]*", re.MULTILINE)
# A folder holding one of these is a project's root: the search for importers never climbs above it.
_PROJECT_MARKERS = (".git", "pyproject.toml", "setup.py", "setup.cfg")
_SKIPPED_FOLDERS = frozenset({".git", "__pycache__", ".venv", "venv", "node_modules", "build", ".tox",
                              ".gnnlint_cache", "site-packages"})


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def folder_digest(folder: Path) -> str:
    """What an importer search over ``folder`` depends on: its Python files, recursively, each with
    its size and modification time (an import added to a file changes both)."""
    entries = []
    for path in _python_files(folder):
        try:
            status = path.stat()
        except OSError:
            continue
        entries.append(f"{path}\0{status.st_size}\0{status.st_mtime_ns}")
    return digest("\n".join(entries).encode())


def _python_files(folder: Path) -> list[Path]:
    found: list[Path] = []
    for parent, folders, files in os.walk(folder):
        folders[:] = sorted(f for f in folders if f not in _SKIPPED_FOLDERS and not f.startswith("."))
        found.extend(Path(parent) / name for name in sorted(files) if name.endswith(".py"))
        if len(found) > _MAX_CANDIDATES:
            break
    return found[:_MAX_CANDIDATES]


class Project:
    """Records of the project's modules, by path and content, for one process."""

    def __init__(self) -> None:
        # Most recently used last; bounded, since each record holds a module's whole tree.
        self._records: dict[Path, tuple[str, GraphFacts | None]] = {}
        self._importers: dict[tuple[Path, str], list[tuple[Path, str]]] = {}
        # The file being linted -> what its result depends on: path -> digest (files, and "dir:" folders).
        self._consulted: dict[str, dict[str, str]] = {}
        self.depth = 0  # how many modules deep the current evaluation has crossed
        self._folders: dict[Path, str] = {}
        self._roots: dict[Path, Path] = {}  # a module's folder -> where its importers are searched
        self._resolved: dict[tuple[Path, str], tuple[Path, str] | None] = {}
        # Per linted file, like _resolved: an import is resolved against the same few folders
        # thousands of times a run (each project module's every name), each a walk up the tree.
        self._bases: dict[Path, list[Path]] = {}
        self._is_file: dict[Path, bool] = {}
        # Per linted file: a module's digest, read once however often its record is asked for.
        self._digests: dict[Path, str | None] = {}
        self._indexes: dict[Path, tuple[str, list[tuple[Path, list[tuple[str, str]], str]]]] = {}
        # What analyses of other modules computed for the file being linted (cleared for the next).
        self.this_lint: dict[object, object] = {}
        # Whether evaluations may read the modules that import one (see GraphFacts.across_modules).
        self.reach = False
        self._recording: set[Path] = set()  # modules being read (their star imports not followed back)
        self.linted = ""  # the file whose rules are running: what it consults is recorded against it

    # -- what the linted file's result depends on -----------------------------------------------

    def begin(self, linted: str) -> None:
        """The engine starts linting ``linted``: what is consulted from here on is its dependency."""
        self.linted = linted
        self._consulted.pop(linted, None)
        self.this_lint.clear()
        self._folders.clear()  # a folder's files are listed once per linted file
        self._roots.clear()
        self._resolved.clear()
        self._bases.clear()
        self._is_file.clear()
        self._digests.clear()
        for _, record in self._records.values():
            if record is not None:
                record.forget_evaluations()  # so what they consult is recorded against this file too

    def _keep(self, path: Path, key: str, record: GraphFacts | None) -> None:
        self._records.pop(path, None)
        self._records[path] = (key, record)
        while len(self._records) > _MAX_RECORDS:
            del self._records[next(iter(self._records))]

    def consulted_by(self, path: str) -> dict[str, str]:
        """What linting ``path`` read of other files; handed over once (the cache stores it)."""
        return self._consulted.pop(path, {})

    def _depends(self, key: str, value: str) -> None:
        if key != self.linted:
            self._consulted.setdefault(self.linted, {})[key] = value

    # -- imports ----------------------------------------------------------------------------------

    def resolve(self, importer: Path, qualified: str) -> tuple[Path, str] | None:
        """``utils.load_data`` (or ``.utils.load_data``) imported by ``importer`` -> (the project file
        that defines it, ``load_data``); None for a library or anything not found beside it."""
        key = (importer, qualified)
        if key not in self._resolved:
            self._resolved[key] = self._resolve(importer, qualified)
        return self._resolved[key]

    def _resolve(self, importer: Path, qualified: str) -> tuple[Path, str] | None:
        level = len(qualified) - len(qualified.lstrip("."))
        parts = qualified.lstrip(".").split(".")
        if level:
            base = importer.parent
            for _ in range(level - 1):
                base = base.parent
            bases = [base]
        else:
            bases = self._import_bases(importer.parent)
        for base in bases:
            for cut in range(len(parts) - 1, 0, -1):
                module = base.joinpath(*parts[:cut])
                for candidate in (module.with_suffix(".py"), module / "__init__.py"):
                    if self._file_exists(candidate) and not same_file(candidate, importer):
                        return candidate, ".".join(parts[cut:])
        return None

    def _import_bases(self, folder: Path) -> list[Path]:
        """Where an absolute import in a module of ``folder`` may start (see :func:`_package_roots`)."""
        if folder not in self._bases:
            self._bases[folder] = [folder, *_package_roots(folder)]
        return self._bases[folder]

    def _file_exists(self, path: Path) -> bool:
        if path not in self._is_file:
            self._is_file[path] = path.is_file()
        return self._is_file[path]

    def facts_of(self, path: Path) -> GraphFacts | None:
        """The graph record of the project module at ``path`` (None if unreadable or not Python)."""
        data = None
        if path not in self._digests:
            try:
                data = path.read_bytes()
            except OSError:
                self._digests[path] = None
            else:
                self._digests[path] = digest(data)
        key = self._digests[path]
        if key is None:
            return None
        self._depends(str(path), key)
        known = self._records.get(path)
        if known is not None and known[0] == key:
            return known[1]
        if data is None:
            try:
                data = path.read_bytes()
            except OSError:
                return None
            key = self._digests[path] = digest(data)  # (as read now, should it have changed)
            self._depends(str(path), key)
        self._recording.add(path)
        try:
            record = _record(path, data, functools.partial(self.star_aliases, path))
        finally:
            self._recording.discard(path)
        self._keep(path, key, record)
        return record

    def config_of(self, path: Path) -> dict[str, Any] | None:
        """The mapping the configuration file at ``path`` holds (see :mod:`.configs`), recorded as
        a dependency of the linted file so that its cached result is dropped when the file changes."""
        from gnnlint.analysis.configs import parse_config, MAX_BYTES

        try:
            data = path.read_bytes()
        except OSError:
            return None
        self._depends(str(path), digest(data))
        if len(data) > MAX_BYTES:
            return None
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            return None
        return parse_config(text, json_file=path.suffix == ".json")

    def matching(self, folder: Path, pattern: str) -> list[Path]:
        """The files of ``folder`` whose names match ``pattern`` (``*.yml``), recorded as a dependency
        (a file added or removed there changes what a run may load)."""
        key = f"glob:{folder / pattern}"
        found = _matching(folder, pattern)
        self._depends(key, digest("\n".join(map(str, found)).encode()))
        return found

    def config_files(self, path: Path) -> list[Path]:
        """The small configuration files (YAML/JSON) of the project holding ``path``: those under
        its search root, a few folders deep, hidden folders skipped. A bounded walk; recorded as a
        dependency (a file added or removed changes what a run may load)."""
        from gnnlint.analysis.configs import MAX_BYTES, SUFFIXES

        root = self._search_root(path)
        found: list[Path] = []
        for folder, subfolders, files in _walk(root, _CONFIG_DEPTH, _CONFIG_FOLDERS):
            found += [folder / name for name in sorted(files) if name.endswith(SUFFIXES)
                      and _size(folder / name) <= MAX_BYTES]
            if len(found) > _CONFIG_FILES:
                found = []  # too many to be one command line's configurations
                break
        self._depends(f"configs:{root}", digest("\n".join(map(str, found)).encode()))
        return found

    def _import_index(self, root: Path, key: str) -> list[tuple[Path, list[tuple[str, str]], str]]:
        """Each Python file under ``root`` with its import statements (module, rest of the line):
        read once per state of the folder."""
        known = self._indexes.get(root)
        if known is not None and known[0] == key:
            return known[1]
        index = []
        for candidate in _python_files(root):
            try:
                text = candidate.read_text(encoding="utf-8", errors="replace")
            except OSError:
                continue
            imports = [(m.group(1) or m.group(2), m.group(0)) for m in _IMPORT.finditer(text)]
            index.append((candidate, imports, text if imports else ""))
        self._indexes[root] = (key, index)
        return index

    def module_file(self, importer: Path, module: str) -> Path | None:
        """The project file of ``module`` (``model``, ``.layers``) as imported from ``importer``."""
        if not module.strip(".") and module:
            return None
        where = self.resolve(importer, f"{module}._")
        return where[0] if where is not None else None

    def imported_modules(self, importer: Path, source: str) -> list[tuple[Path, str]]:
        """The project modules ``source`` (the text of ``importer``) imports directly, with their
        text: what a helper called here may contribute to a rule's text triggers. Each is read once
        and recorded as what the linted file's result depends on."""
        found: dict[Path, str] = {}
        for match in _IMPORT.finditer(source):
            path = self.module_file(importer, match.group(1) or match.group(2))
            if path is None or path in found:
                continue
            try:
                data = path.read_bytes()
            except OSError:
                continue
            key = self._digests[path] = digest(data)
            self._depends(str(path), key)
            found[path] = data.decode("utf-8", errors="replace")
        return list(found.items())

    def star_aliases(self, importer: Path, module: str) -> dict[str, str]:
        """What ``from module import *`` binds in ``importer`` for the project ``module``: its library
        imports (``np`` -> ``numpy``) and its own top-level functions and classes (``evaluate`` ->
        ``module.evaluate``)."""
        path = self.module_file(importer, module)
        # (two modules that star-import each other: the one being read is not read again)
        if path is None or path in self._recording:
            return {}
        record = self.facts_of(path)
        if record is None:
            return {}
        found = {local: target for local, target in record.facts.aliases.items()
                 if not target.startswith(".") and self.resolve(path, f"{target}._") is None}
        own = [name for name in record.functions if "." not in name] + sorted(record.classes)
        found.update({name: f"{module}.{name}" for name in own})
        return found

    def _imports(self, importer: Path, module: str, name: str, path: Path) -> bool:
        """Whether ``import module`` / ``from module import name`` in ``importer`` reaches ``path``
        (a ``utils`` imported in another folder is that folder's own ``utils.py``)."""
        for qualified in (f"{module}._", f"{module}.{name}._") if module.strip(".") else (f"{module}{name}._",):
            where = self.resolve(importer, qualified)
            if where is not None and same_file(where[0], path):
                return True
        return False

    # -- importers --------------------------------------------------------------------------------

    def _search_root(self, path: Path) -> Path:
        """See :func:`_search_root`; above a top package with no marker, a folder holding more files
        than a search reads is not one project (a folder of many checkouts, an unpacked archive
        beside others): the top package's own folder is searched instead, whole."""
        if path.parent not in self._roots:
            root, package = _search_root(path, self._imports_relatively), _top_package(path)
            if root != package and len(_python_files(root)) >= _MAX_CANDIDATES:  # the listing was cut
                root = package
            self._roots[path.parent] = root
        return self._roots[path.parent]

    def _imports_relatively(self, folder: Path) -> bool:
        """Whether a module directly in ``folder`` imports relatively (``from .metrics import MAE``),
        from the folder's import index (read once per state of the folder, not per linted file)."""
        if folder not in self._folders:
            self._folders[folder] = folder_digest(folder)
        return any(candidate.parent == folder and any(module.startswith(".") for module, _ in imports)
                   for candidate, imports, _ in self._import_index(folder, self._folders[folder]))

    def _searched(self, path: Path) -> tuple[Path, str]:
        """The folder a search around ``path`` reads (see :meth:`_search_root`) and its digest, which
        the linted file's result then depends on."""
        root = self._search_root(path)
        if root not in self._folders:
            self._folders[root] = folder_digest(root)
        self._depends(f"dir:{root}", self._folders[root])
        return root, self._folders[root]

    def files_mentioning(self, path: Path, text: str, *calls: str) -> list[Path]:
        """The project files around ``path`` (those an importer search reads) whose text holds
        ``text`` and one of ``calls``: where a file that ``path`` loads may have been saved."""
        return [candidate for candidate, _, source in self._import_index(*self._searched(path))
                if text in source and any(call in source for call in calls)]

    def importers(self, path: Path, mentioning: str = "") -> list[Path]:
        """Project files that may import the module at ``path`` (and name ``mentioning``): those
        under its project folder whose imports reach it (a cheap search; the graph layer checks
        the calls)."""
        root, state = self._searched(path)
        key = (path, state)
        if key not in self._importers:
            name = path.parent.name if path.name == "__init__.py" else path.stem
            self._importers[key] = [
                (candidate, text) for candidate, imports, text in self._import_index(root, state)
                if not same_file(candidate, path) and any(
                    name in imported and self._imports(candidate, module, name, path) for module, imported in imports)]
        found = [candidate for candidate, text in self._importers[key] if mentioning in text]
        package = path.parent / "__init__.py"
        if path.name != "__init__.py" and package.is_file() and path.stem in _read(package):
            # `from .layer import Layer` in the package: its importers (`from pkg import Layer`) count.
            found += [c for c in self.importers(package, mentioning) if not same_file(c, path) and c not in found]
        return found


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


# The project-wide search for configuration files: how deep, how many folders, how many files.
_CONFIG_DEPTH = 4
_CONFIG_FOLDERS = 200
_CONFIG_FILES = 128


def _walk(root: Path, depth: int, folders: int) -> list[tuple[Path, list[str], list[str]]]:
    """``os.walk`` of ``root`` to ``depth`` folders below it and at most ``folders`` folders,
    skipping hidden ones, in a stable order."""
    found: list[tuple[Path, list[str], list[str]]] = []
    for folder, subfolders, files in os.walk(root):
        here = Path(folder)
        subfolders[:] = sorted(d for d in subfolders if not d.startswith((".", "_"))) \
            if len(here.relative_to(root).parts) < depth else []
        found.append((here, subfolders, files))
        if len(found) >= folders:
            break
    return found


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 1 << 62


def _matching(folder: Path, pattern: str) -> list[Path]:
    try:
        return sorted(path for path in folder.glob(pattern) if path.is_file())
    except (OSError, ValueError):
        return []


def same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one file (links resolved)."""
    return _real(os.path.abspath(a)) == _real(os.path.abspath(b))


@functools.lru_cache(maxsize=8192)
def _real(absolute: str) -> str:
    """``absolute`` with its links resolved, once per process: an importer search compares every
    candidate with the module, for every linted file. Keyed by the absolute path, so a relative one
    read after a change of working folder is not confused with another file."""
    return os.path.realpath(absolute)


def _package_roots(folder: Path) -> list[Path]:
    """The folders above ``folder`` an absolute import can start from: each package's parent, and
    the folder above a script folder (``examples/train.py`` importing the repository's package)."""
    roots = []
    current = folder
    while (current / "__init__.py").is_file() and current.parent != current:
        current = current.parent
        roots.append(current)
    if current.parent != current and current.parent not in roots:
        roots.append(current.parent)
    # A script folder deeper in a repository (`examples/graph/test.py` importing the repository's
    # package): the project's root, up to a few levels above, where a marker says it is.
    above = current.parent
    for _ in range(3):
        if above.parent == above:
            break
        if _is_project_root(above):
            if above not in roots:
                roots.append(above)
            break
        above = above.parent
    return roots


def _top_package(path: Path) -> Path:
    """The outermost folder above ``path`` that is a package, up to a project marker (its own folder
    for a script)."""
    current = path.parent
    while (current.parent / "__init__.py").is_file() and current.parent.parent != current.parent \
            and not _is_project_root(current):
        current = current.parent
    return current


def _search_root(path: Path, imports_relatively: Callable[[Path], bool]) -> Path:
    """Where importers of ``path`` are looked for: the folder above its top package (so a script
    folder beside the package, such as ``examples/``, is searched), or its own folder for a script."""
    current = path.parent
    if not (current / "__init__.py").is_file():
        if (current.parent / "__init__.py").is_file():
            current = current.parent  # a folder with no __init__.py inside a package: a namespace part of it
        elif current.parent != current and not _is_project_root(current) and imports_relatively(current):
            # A folder of modules that import each other relatively is a namespace package
            # (`from train.train_epoch import run` in the folder above, no `__init__.py`): its
            # importers are beside it, unless the folder is a project's root.
            return current.parent
        else:
            return current
    while (current / "__init__.py").is_file() and current.parent != current and not _is_project_root(current):
        current = current.parent
    return current


def _is_project_root(folder: Path) -> bool:
    return any((folder / marker).exists() for marker in _PROJECT_MARKERS)


def _record(path: Path, data: bytes, star_aliases: Callable[[str], dict[str, str]]) -> GraphFacts | None:
    """Parse a project module and record its graph facts: the engine's walk with no rules."""
    import libcst as cst

    from gnnlint.engine import DecodeError, FileContext, _Dispatcher, decode_source, parse_any
    from gnnlint.analysis.scopes import Facts
    from gnnlint.analysis.graph import GraphFacts

    try:
        module, source = parse_any(decode_source(data))
    except (cst.ParserSyntaxError, DecodeError, RecursionError, MemoryError, ValueError):
        return None
    context = FileContext(path=str(path), source=source, module=module, facts=Facts())
    context.facts.star_aliases = star_aliases
    graph = GraphFacts.of(context)
    dispatcher = _Dispatcher(context.facts, [graph], [])
    try:
        dispatcher.walker.walk(module)
    except (RecursionError, Exception):  # a module the record cannot follow is simply not known
        return None
    # A record is whole or nothing: a walk the graph layer dropped out of knows too little.
    return None if dispatcher.failed_analyses else graph


_PROJECT: Project | None = None


def for_file(path: str) -> Project | None:
    """The process's project record for a file on disk (None for text with no file behind it)."""
    global _PROJECT
    if not path.endswith(".py") or not os.path.isfile(path):
        return None
    if _PROJECT is None:
        _PROJECT = Project()
    return _PROJECT


def consulted(path: str) -> dict[str, str]:
    """What the last lint of ``path`` in this process read of other files (path -> digest)."""
    return _PROJECT.consulted_by(path) if _PROJECT is not None else {}


def unchanged(dependencies: dict[str, str], known: dict[str, str | None] | None = None) -> bool:
    """Whether every file and folder a cached result depended on is as it was; ``known`` holds the
    digests already taken in this run (the files of one folder share its listing and their modules)."""
    known = {} if known is None else known
    for key, expected in dependencies.items():
        if key not in known:
            known[key] = current_digest(key)
        if known[key] != expected:
            return False
    return True


def current_digest(key: str) -> str | None:
    """The digest of a dependency (a file, or a "dir:" folder) as it is now; None if unreadable."""
    try:
        if key.startswith("dir:"):
            return folder_digest(Path(key[4:]))
        if key.startswith("glob:"):
            where = Path(key[5:])
            return digest("\n".join(map(str, _matching(where.parent, where.name))).encode())
        return digest(Path(key).read_bytes())
    except OSError:
        return None
