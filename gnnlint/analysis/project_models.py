"""The project's own modules that a file imports, for the rules that judge the model a file trains.

A training script rarely defines its model: it imports it (``from model import *``, ``from modules
import RNNDecoder``) from a module next to it. This finds those modules on disk, beside the file
being linted (or up the package for relative imports), parses each once, and answers two
questions about them:

* which classes they define, with the import aliases of their own module (so that ``nn.LSTM`` in
  ``model.py`` is ``torch.nn.LSTM``), for the classes the linted file builds;
* which classes a ``from module import *`` brings into the linted file (the names and imports it
  brings are bound by the shared name model, :class:`gnnlint.analysis.scopes.Facts`).

A module that is not a file of the project (a library) is not found and answers nothing: no
finding rests on it. Modules are found and parsed by the project layer (:mod:`gnnlint.analysis.project`),
which records them as what the linted file's result depends on.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import TypeVar
from pathlib import Path

import libcst as cst

from gnnlint.analysis import project
from gnnlint.cst_walk import descendants
from gnnlint.analysis.options import add_argument_calls
from gnnlint.analysis.scopes import Facts, dotted_name

# How deep `from a import *` chains (a star import of a module that star-imports) and re-exports
# (a package's `__init__.py` importing a class from one of its modules) are followed.
STAR_DEPTH = 4


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
        return imported_class(self.path, name)


def imported_class(path: str, name: str) -> ProjectClass | None:
    """A class that the project module at ``path`` imports from another module of the project."""
    return _imports_of_file(path).classes.get(name) if path else None


def _load(path: str) -> tuple[cst.Module, Facts] | None:
    """A project module's tree and import aliases, from the project layer's record (which the
    cache then counts as something the linted file's result depends on)."""
    known = project.for_file(path)
    record = known.facts_of(Path(path)) if known is not None else None
    return (record.context.module, record.facts) if record is not None else None


def _imports_from(module: cst.Module, nested: bool = False) -> list[cst.ImportFrom]:
    """The module's ``from ... import`` statements: at its top level, or (``nested``) also those in
    its blocks and functions (``if __name__ == "__main__": from model import Net``)."""
    if nested:
        return [node for node in descendants(module, prune=lambda n: isinstance(n, cst.BaseExpression))
                if isinstance(node, cst.ImportFrom)]
    return [small for statement in _top_level(module.body) if isinstance(statement, cst.SimpleStatementLine)
            for small in statement.body if isinstance(small, cst.ImportFrom)]


def _top_level(body: Sequence[cst.BaseStatement]) -> list[cst.BaseStatement]:
    """The statements run when the module is imported: its body and the blocks of its top-level
    ``try``/``if`` (a package re-exporting a class only if an optional dependency imports)."""
    found: list[cst.BaseStatement] = []
    for statement in body:
        found.append(statement)
        if isinstance(statement, cst.Try):
            blocks = [statement.body, *(h.body for h in statement.handlers),
                      *(b.body for b in (statement.orelse, statement.finalbody) if b is not None)]
        elif isinstance(statement, cst.If):
            blocks = [statement.body] + ([statement.orelse.body] if statement.orelse is not None else [])
        else:
            continue
        for block in blocks:
            if isinstance(block, cst.IndentedBlock):
                found += _top_level(block.body)
    return found


@dataclasses.dataclass
class ProjectImports:
    """What the linted file imports from its own project."""

    classes: dict[str, ProjectClass] = dataclasses.field(default_factory=dict)  # local name -> class


def _imports_of_file(path: str) -> ProjectImports:
    loaded = _load(path)  # project_imports keeps what it collects for the rest of the linted file
    return project_imports(path, loaded[0]) if loaded is not None else ProjectImports()


def project_imports(path: str, module: cst.Module) -> ProjectImports:
    """What ``module`` (the tree of ``path``) imports from its project; collected once per linted
    file and tree (a training scan asks for every call that may build a model)."""
    known = project.for_file(path) if path else None
    key = ("project_imports", path, id(module))
    if known is not None and key in known.this_lint:
        kept = known.this_lint[key]
        assert isinstance(kept, tuple)
        return kept[1]  # type: ignore[no-any-return]  # stored below with its tree
    found = ProjectImports()
    _collect(path, module, found, STAR_DEPTH, top=True, seen=set())
    if known is not None:
        known.this_lint[key] = (module, found)  # the tree is kept so its id is not reused
    return found


@dataclasses.dataclass(frozen=True)
class _Loaded:
    """A project module read from disk: its file, tree, import aliases, classes, top-level stores."""

    file: str
    module: cst.Module
    facts: Facts
    classes: dict[str, cst.ClassDef]
    assigned: dict[str, cst.BaseExpression]

    def project_class(self, name: str) -> ProjectClass:
        return ProjectClass(self.classes[name], self.module, self.facts, self.classes, self.assigned, self.file)


def _module_of(path: str, node: cst.ImportFrom) -> _Loaded | None:
    """The project module a ``from ... import`` of the file at ``path`` reads (None for a library)."""
    name = dotted_name(node.module) if node.module is not None else ""
    known = project.for_file(path)
    where = known.module_file(Path(path), "." * len(node.relative) + (name or "")) if known else None
    return _loaded(where)


@dataclasses.dataclass(frozen=True)
class ProjectFunction:
    """A top-level function of a project module (a factory that builds and returns a model)."""

    node: cst.FunctionDef
    module: cst.Module
    facts: Facts
    classes: dict[str, cst.ClassDef]
    path: str


def project_definition(path: str, qualified: str) -> ProjectClass | ProjectFunction | None:
    """What ``qualified`` (``models.Net`` after ``import models``, ``models.build`` after ``from
    models import build``) names in the project, as imported by the file at ``path``: a class or a
    top-level function. None for a library or anything not found."""
    resolved = _resolved(path, qualified)
    if resolved is None:
        return None
    loaded, name = resolved
    return _class_named(loaded, name, STAR_DEPTH) or _function_named(loaded, name, 0)


def project_function(path: str, qualified: str) -> ProjectFunction | None:
    """The top-level function of the project that ``qualified`` names as imported by the file at
    ``path``, also through a package re-exporting it (``from utils import get_model`` with
    ``utils/__init__.py`` importing it from ``utils/get_model.py``)."""
    resolved = _resolved(path, qualified)
    return _function_named(*resolved, STAR_DEPTH) if resolved is not None else None


def _resolved(path: str, qualified: str) -> tuple[_Loaded, str] | None:
    """The project module ``qualified`` points into, as imported by the file at ``path``, and the
    top-level name it names there; None for a library or a name below the top level."""
    known = project.for_file(path)
    where = known.resolve(Path(path), qualified) if known is not None else None
    loaded = _loaded(where[0]) if where is not None and "." not in where[1] else None
    return (loaded, where[1]) if loaded is not None and where is not None else None


def _function_named(loaded: _Loaded, name: str, depth: int) -> ProjectFunction | None:
    """The top-level function ``name`` of a project module: defined there, or re-exported from
    another module of the project (a package's ``__init__.py``: ``from .get_model import get_model``)."""
    function = next((s for s in loaded.module.body if isinstance(s, cst.FunctionDef) and s.name.value == name), None)
    if function is not None:
        return ProjectFunction(function, loaded.module, loaded.facts, loaded.classes, loaded.file)
    return _reexported(loaded, name, depth, _function_named)


def _loaded(where: Path | None) -> _Loaded | None:
    loaded = _load(str(where)) if where is not None else None
    if loaded is None:
        return None
    imported, facts = loaded
    classes = {s.name.value: s for s in imported.body if isinstance(s, cst.ClassDef)}
    assigned = {dotted_name(s.body[0].targets[0].target) or "": s.body[0].value for s in imported.body
                if isinstance(s, cst.SimpleStatementLine) and len(s.body) == 1
                and isinstance(s.body[0], cst.Assign) and len(s.body[0].targets) == 1}
    return _Loaded(str(where), imported, facts, classes, assigned)


def _local_name(alias: cst.ImportAlias) -> str | None:
    if alias.asname is not None:
        return alias.asname.name.value if isinstance(alias.asname.name, cst.Name) else None
    return alias.name.value if isinstance(alias.name, cst.Name) else None


def _class_named(loaded: _Loaded, name: str, depth: int) -> ProjectClass | None:
    """The class ``name`` of a project module: defined there, or re-exported from another module of
    the project (a package's ``__init__.py``: ``from .encoder import Encoder``, ``from .layers import *``)."""
    if name in loaded.classes:
        return loaded.project_class(name)
    return _reexported(loaded, name, depth, _class_named)


_Definition = TypeVar("_Definition", ProjectClass, ProjectFunction)


def _reexported(loaded: _Loaded, name: str, depth: int,
                find: Callable[[_Loaded, str, int], _Definition | None]) -> _Definition | None:
    """``find`` in the project modules that ``loaded`` imports ``name`` from (by name or ``*``),
    ``depth`` re-exports deep at most."""
    if depth <= 0:
        return None
    for node in _imports_from(loaded.module):
        if isinstance(node.names, cst.ImportStar):
            original: str | None = name
        else:
            original = next((a.name.value for a in node.names
                             if isinstance(a.name, cst.Name) and _local_name(a) == name), None)
        if original is None:
            continue
        source = _module_of(loaded.file, node)
        found = find(source, original, depth - 1) if source is not None else None
        if found is not None:
            return found
    return None


def _collect(path: str, module: cst.Module, found: ProjectImports, depth: int, top: bool, seen: set[str]) -> None:
    for node in _imports_from(module, nested=top):
        loaded = _module_of(path, node)
        if loaded is None:
            continue
        if isinstance(node.names, cst.ImportStar):
            if depth <= 0 or loaded.file in seen:
                continue
            seen.add(loaded.file)
            for name in loaded.classes:
                found.classes.setdefault(name, loaded.project_class(name))
            _collect(loaded.file, loaded.module, found, depth - 1, top=False, seen=seen)
        else:
            # The file's own imports, or a star-imported module's (a package's `__init__.py` that
            # imports its classes from its modules: `*` brings them too).
            for alias in node.names:
                bound = _local_name(alias)
                if bound is None or not isinstance(alias.name, cst.Name):
                    continue
                cls = _class_named(loaded, alias.name.value, STAR_DEPTH)
                if cls is not None and (top or bound not in found.classes):
                    found.classes[bound] = cls


# How many of the modules that import the linted file are read for the project's command line.
_IMPORTERS_READ = 8


def project_options(path: str, module: cst.Module) -> list[cst.Call]:
    """The ``add_argument`` calls of the project's command line as it reaches the file at ``path``:
    those of the project modules it imports, of the modules that import it (its entry script) and
    of the modules those import (``options/base_options.py`` building the parser that ``main.py``
    parses and hands to the linted trainer). Its own calls are not included."""
    known = project.for_file(path)
    if known is None:
        return []
    memo = known.this_lint
    if ("options", path) in memo:
        found = memo[("options", path)]
        assert isinstance(found, list)
        return found
    here = Path(path)
    readers: list[tuple[Path, cst.Module]] = [(here, module)]
    for importer in known.importers(here)[:_IMPORTERS_READ]:
        loaded = _load(str(importer))
        if loaded is not None:
            readers.append((importer, loaded[0]))
    modules: dict[Path, cst.Module] = {where: tree for where, tree in readers[1:]}
    for where, tree in readers:
        for name in _imported_modules(tree):
            target = known.module_file(where, name)
            if target is not None and target not in modules and not project.same_file(target, here):
                loaded = _load(str(target))
                if loaded is not None:
                    modules[target] = loaded[0]
    calls = [node for tree in modules.values() for node in add_argument_calls(tree)]
    memo[("options", path)] = calls
    return calls


def _imported_modules(module: cst.Module) -> list[str]:
    """The modules a module imports at its top level (``from a.b import c`` -> ``a.b`` and, if ``c``
    is a module, ``a.b.c``; ``.c`` for relative ones; ``import a.b`` -> ``a.b``)."""
    found: list[str] = []
    for statement in _top_level(module.body):
        if not isinstance(statement, cst.SimpleStatementLine):
            continue
        for small in statement.body:
            if isinstance(small, cst.ImportFrom):
                name = dotted_name(small.module) if small.module is not None else ""
                base = "." * len(small.relative) + (name or "")
                found.append(base)
                if not isinstance(small.names, cst.ImportStar):  # `from . import options`: a module too
                    joint = "" if base.endswith(".") else "."
                    found += [f"{base}{joint}{alias.name.value}" for alias in small.names
                              if isinstance(alias.name, cst.Name)]
            elif isinstance(small, cst.Import):
                found += [n for alias in small.names if (n := dotted_name(alias.name)) is not None]
    return found
