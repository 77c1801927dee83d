"""Where a file's imports of its own project live on disk, for rules that read the model a script
imports (``from model import *``) and for the cache, whose key must then include those modules.

Only the module beside the importing file (a script's own directory is the first entry of its
path) or up its package for relative imports is looked at; anything else is a library.
"""

from __future__ import annotations

import re
from pathlib import Path

_FROM_IMPORT = re.compile(rb"^[ \t]*from[ \t]+(\.*)([\w.]*)[ \t]+import[ \t]+(\*?)", re.MULTILINE)
# How deep `from a import *` chains are followed (a star import of a module that star-imports).
STAR_DEPTH = 2


def module_file(importer: str, module: str | None, level: int) -> str | None:
    """The file of ``module`` as imported from the file ``importer``, if it is a file of the project."""
    if not importer or importer.startswith("<"):
        return None
    here = Path(importer).resolve()
    base = here.parent
    for _ in range(max(level - 1, 0)):
        base = base.parent
    parts = module.split(".") if module else []
    if not parts or not all(parts):
        return None
    target = base.joinpath(*parts)
    for candidate in (target.with_suffix(".py"), target / "__init__.py"):
        if candidate.is_file() and candidate.resolve() != here:
            return str(candidate)
    return None


def dependencies(path: str, data: bytes, depth: int = STAR_DEPTH) -> bytes:
    """The paths and contents of the project modules ``data`` (the file at ``path``) imports from,
    following star imports ``depth`` levels: what a lint result of the file may depend on."""
    found: list[bytes] = []
    seen: set[str] = set()

    def visit(importer: str, text: bytes, level_left: int) -> None:
        for dots, name, star in _FROM_IMPORT.findall(text):
            try:
                file = module_file(importer, name.decode("ascii"), len(dots))
            except UnicodeDecodeError:
                continue
            if file is None or file in seen:
                continue
            seen.add(file)
            try:
                content = Path(file).read_bytes()
            except OSError:
                continue
            found.append(file.encode("utf-8", "replace") + b"\0" + content)
            if star and level_left > 0:
                visit(file, content, level_left - 1)

    visit(path, data, depth)
    return b"\0".join(found)
