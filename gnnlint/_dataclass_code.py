"""Keep the code ``dataclasses`` compiles for libcst's node classes, as .pyc files keep a module's.

Most of ``import libcst`` is not libcst's own code: ``@dataclass`` writes the ``__init__``,
``__eq__``, ``__hash__``... of its few hundred node classes as source text and compiles each with
exec(), and Python caches none of that. While libcst imports, dataclasses' exec() is handed the code
compiled from the same text on an earlier run. The text itself is the key, so the code is exactly
what compiling it again would give.

The file sits beside gnnlint's own bytecode and follows the same rules: PYTHONPYCACHEPREFIX moves
it, PYTHONDONTWRITEBYTECODE (or ``-B``) stops it being written, and a read-only install simply
never gets one.
"""

from __future__ import annotations

import builtins
import contextlib
import dataclasses
import importlib.util
import marshal
import os
import sys
import types
from collections.abc import Iterator, Mapping
from typing import Any


def code_file() -> str | None:
    """Where this interpreter keeps the compiled code (None where it keeps no bytecode at all)."""
    tag = sys.implementation.cache_tag
    if tag is None:
        return None
    folder = os.path.dirname(importlib.util.cache_from_source(__file__))
    level = f".opt-{sys.flags.optimize}" if sys.flags.optimize else ""
    return os.path.join(folder, f"libcst-dataclass-code.{tag}{level}.marshal")


def _read(path: str) -> dict[str, Any]:
    try:
        with open(path, "rb") as handle:
            data = handle.read()
        if data[:4] == importlib.util.MAGIC_NUMBER:  # written by this exact interpreter version
            table = marshal.loads(data[4:])
            if isinstance(table, dict):
                return table
    except (OSError, ValueError, EOFError, TypeError):
        pass  # missing, truncated or not ours: compile as usual
    return {}


def _write(path: str, table: dict[str, Any]) -> None:
    if sys.dont_write_bytecode:
        return
    temporary = f"{path}.{os.getpid()}.tmp"
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(temporary, "wb") as handle:
            handle.write(importlib.util.MAGIC_NUMBER + marshal.dumps(table))
        os.replace(temporary, path)  # atomic: two runs writing at once leave one whole file
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


@contextlib.contextmanager
def reuse_dataclass_code(path: str | None) -> Iterator[None]:
    """While the block runs, dataclasses take their generated functions' code from ``path``; what
    was compiled afresh is saved there afterwards."""
    if path is None or "exec" in vars(dataclasses):  # no bytecode here, or someone else's patch
        yield
        return
    known = _read(path)
    used: dict[str, types.CodeType] = {}
    compiled = 0

    def exec_compiled(source: str | types.CodeType, globals: dict[str, Any] | None = None,
                      locals: Mapping[str, object] | None = None, /, **options: Any) -> None:
        nonlocal compiled
        if isinstance(source, str):
            code = known.get(source)
            if not isinstance(code, types.CodeType):  # not seen before (or a damaged file)
                # dont_inherit: compiled as dataclasses' own exec() compiles it, not with this
                # module's `from __future__ import annotations`.
                code = compile(source, "<string>", "exec", dont_inherit=True)
                compiled += 1
            used[source] = code
            source = code
        return builtins.exec(source, globals, locals, **options)

    dataclasses.exec = exec_compiled  # type: ignore[attr-defined]
    try:
        yield
    finally:
        del dataclasses.exec  # type: ignore[attr-defined]
    if compiled or len(used) != len(known):  # new code, or entries no longer used
        _write(path, used)
