"""The project's own modules that a file imports, for the rules that judge the model a file trains.

A training script rarely defines its model: it imports it (``from model import *``, ``from modules
import RNNDecoder``) from a module next to it. This finds those modules on disk, beside the file
being linted (or up the package for relative imports), parses each once, and answers two
questions about them:

* which classes they define, with the import aliases of their own module (so that ``nn.LSTM`` in
  ``model.py`` is ``torch.nn.LSTM``), for the classes the linted file builds;
* which names a ``from module import *`` brings into the linted file besides those classes: the
  star-imported module's own imports (``from modules import *`` after ``import torch.nn as nn``
  there makes ``nn.LSTM`` in the script ``torch.nn.LSTM``).

A module that is not a file of the project (a library) is not found and answers nothing: no
finding rests on it. Parsed modules are cached by path, modification time and size.
"""

from __future__ import annotations

import dataclasses
import functools
import os
from pathlib import Path

import libcst as cst

from gnnlint.facts import Facts, dotted_name
from gnnlint.project_files import STAR_DEPTH, module_file

# Files larger than this are not parsed for a summary (generated code, vendored libraries).
_MAX_BYTES = 400_000


@dataclasses.dataclass(frozen=True)
class ProjectClass:
    """A class defined in a project module, with what its module's names resolve to."""

    node: cst.ClassDef
    module: cst.Module
    facts: Facts  # import aliases of its own module only
    classes: dict[str, cst.ClassDef]  # the other classes of its module, by name
    assigned: dict[str, cst.BaseExpression]  # its module's top-level `name = value`
    path: str = ""  # the file of its module

    def imported_class(self, name: str) -> ProjectClass | None:
        """A class that this class's module imports from another module of the project."""
        if not self.path:
            return None
        return _imports_of_file(self.path).classes.get(name)


@functools.lru_cache(maxsize=256)
def _parse(path: str, stamp: tuple[int, int]) -> cst.Module | None:
    try:
        return cst.parse_module(Path(path).read_bytes())
    except (OSError, cst.ParserSyntaxError, UnicodeDecodeError, RecursionError, ValueError):
        return None


def _load(path: str) -> cst.Module | None:
    try:
        status = os.stat(path)
    except OSError:
        return None
    if status.st_size > _MAX_BYTES:
        return None
    return _parse(path, (status.st_mtime_ns, status.st_size))


def _aliases(module: cst.Module) -> dict[str, str]:
    """Import aliases of a module's top-level imports (as :class:`Facts` records them)."""
    found: dict[str, str] = {}
    for statement in module.body:
        if not isinstance(statement, cst.SimpleStatementLine):
            continue
        for small in statement.body:
            if isinstance(small, cst.Import):
                for alias in small.names:
                    full = dotted_name(alias.name)
                    if full is None:
                        continue
                    if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                        found[alias.asname.name.value] = full
                    else:
                        found[full.split(".")[0]] = full.split(".")[0]
            elif isinstance(small, cst.ImportFrom) and not small.relative and small.module is not None \
                    and not isinstance(small.names, cst.ImportStar):
                source = dotted_name(small.module)
                for alias in small.names:
                    if source is None or not isinstance(alias.name, cst.Name):
                        continue
                    local = alias.name.value
                    if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                        local = alias.asname.name.value
                    found[local] = f"{source}.{alias.name.value}"
    return found


def _imports_from(module: cst.Module) -> list[cst.ImportFrom]:
    return [small for statement in module.body if isinstance(statement, cst.SimpleStatementLine)
            for small in statement.body if isinstance(small, cst.ImportFrom)]


@dataclasses.dataclass
class ProjectImports:
    """What the linted file imports from its own project."""

    classes: dict[str, ProjectClass] = dataclasses.field(default_factory=dict)  # local name -> class
    star_aliases: dict[str, str] = dataclasses.field(default_factory=dict)  # names a star import brings

    def qualified(self, facts: Facts, expr: cst.BaseExpression) -> str | None:
        """``facts.qualified_name(expr)``, or else through the aliases a project star import brings,
        for a head name the file does not bind itself."""
        name = facts.qualified_name(expr)
        if name is not None or not self.star_aliases:
            return name
        spelled = dotted_name(expr)
        if spelled is None:
            return None
        head, _, rest = spelled.partition(".")
        target = self.star_aliases.get(head)
        if target is None or facts.bindings(head):
            return None
        return f"{target}.{rest}" if rest else target


def _imports_of_file(path: str) -> ProjectImports:
    try:
        status = os.stat(path)
    except OSError:
        return ProjectImports()
    return _cached_imports(path, (status.st_mtime_ns, status.st_size))


@functools.lru_cache(maxsize=256)
def _cached_imports(path: str, stamp: tuple[int, int]) -> ProjectImports:
    module = _load(path)
    return project_imports(path, module) if module is not None else ProjectImports()


def project_imports(path: str, module: cst.Module) -> ProjectImports:
    found = ProjectImports()
    _collect(path, module, found, STAR_DEPTH, top=True)
    return found


def _collect(path: str, module: cst.Module, found: ProjectImports, depth: int, top: bool) -> None:
    for node in _imports_from(module):
        name = dotted_name(node.module) if node.module is not None else None
        file = module_file(path, name, len(node.relative))
        if file is None:
            continue
        imported = _load(file)
        if imported is None:
            continue
        facts = Facts()
        aliases = _aliases(imported)
        facts.aliases.update(aliases)
        classes = {s.name.value: s for s in imported.body if isinstance(s, cst.ClassDef)}
        assigned = {dotted_name(s.body[0].targets[0].target) or "": s.body[0].value for s in imported.body
                    if isinstance(s, cst.SimpleStatementLine) and len(s.body) == 1
                    and isinstance(s.body[0], cst.Assign) and len(s.body[0].targets) == 1}
        if isinstance(node.names, cst.ImportStar):
            if depth <= 0:
                continue
            for local, target in aliases.items():
                found.star_aliases.setdefault(local, target)
            for local, cls in classes.items():
                found.classes.setdefault(local, ProjectClass(cls, imported, facts, classes, assigned, file))
            _collect(file, imported, found, depth - 1, top=False)
        elif top:
            for alias in node.names:
                if not isinstance(alias.name, cst.Name) or alias.name.value not in classes:
                    continue
                local = alias.name.value
                if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                    local = alias.asname.name.value
                cls = classes[alias.name.value]
                found.classes[local] = ProjectClass(cls, imported, facts, classes, assigned, file)
