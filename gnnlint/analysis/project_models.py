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
from pathlib import Path

import libcst as cst

from gnnlint.analysis import project
from gnnlint.analysis.scopes import Facts, dotted_name

# How deep `from a import *` chains are followed (a star import of a module that star-imports).
STAR_DEPTH = 2


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


def _load(path: str) -> tuple[cst.Module, Facts] | None:
    """A project module's tree and import aliases, from the project layer's record (which the
    cache then counts as something the linted file's result depends on)."""
    known = project.for_file(path)
    record = known.facts_of(Path(path)) if known is not None else None
    return (record.context.module, record.facts) if record is not None else None


def _imports_from(module: cst.Module) -> list[cst.ImportFrom]:
    return [small for statement in module.body if isinstance(statement, cst.SimpleStatementLine)
            for small in statement.body if isinstance(small, cst.ImportFrom)]


@dataclasses.dataclass
class ProjectImports:
    """What the linted file imports from its own project."""

    classes: dict[str, ProjectClass] = dataclasses.field(default_factory=dict)  # local name -> class


def _imports_of_file(path: str) -> ProjectImports:
    known = project.for_file(path)
    if known is None:
        return ProjectImports()
    memo = known.this_lint  # once per linted file: the modules it reads are recorded on the first ask
    if ("imports", path) not in memo:
        loaded = _load(path)
        memo[("imports", path)] = project_imports(path, loaded[0]) if loaded is not None else ProjectImports()
    found = memo[("imports", path)]
    assert isinstance(found, ProjectImports)
    return found


def project_imports(path: str, module: cst.Module) -> ProjectImports:
    found = ProjectImports()
    _collect(path, module, found, STAR_DEPTH, top=True)
    return found


def _collect(path: str, module: cst.Module, found: ProjectImports, depth: int, top: bool) -> None:
    for node in _imports_from(module):
        name = dotted_name(node.module) if node.module is not None else ""
        known = project.for_file(path)
        where = known.module_file(Path(path), "." * len(node.relative) + (name or "")) if known else None
        if where is None:
            continue
        file = str(where)
        loaded = _load(file)
        if loaded is None:
            continue
        imported, facts = loaded
        classes = {s.name.value: s for s in imported.body if isinstance(s, cst.ClassDef)}
        assigned = {dotted_name(s.body[0].targets[0].target) or "": s.body[0].value for s in imported.body
                    if isinstance(s, cst.SimpleStatementLine) and len(s.body) == 1
                    and isinstance(s.body[0], cst.Assign) and len(s.body[0].targets) == 1}
        if isinstance(node.names, cst.ImportStar):
            if depth <= 0:
                continue
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
