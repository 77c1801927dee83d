"""Import libcst only when something uses it (in the command line's own process only: switched on
by ``gnnlint._speedups.enable()``, never by importing gnnlint).

libcst's import (a few hundred node classes) is most of gnnlint's start-up, and two common runs
never need it: a run answered entirely from the cache, and files no rule could match. So the
``libcst`` in ``sys.modules`` starts as a placeholder that runs the real import on the first
attribute it is asked for, and every ``import libcst as cst`` in gnnlint stays as written; gnnlint
only has to keep libcst attributes out of its module-level code.

The standard library's LazyLoader is not enough on Python 3.11: an ``import libcst`` statement
reads the module's ``__spec__``, which makes LazyLoader load it at once.

When the import does run, it reuses the code compiled for libcst's dataclasses on an earlier run
(``_dataclass_code``), and gives libcst's node classes a metaclass whose ``isinstance`` skips
``ABCMeta`` (``plain_node_isinstance``).
"""

from __future__ import annotations

import abc
import gc
import importlib.util
import sys
import threading
import types
from typing import Any

from gnnlint._dataclass_code import code_file, reuse_dataclass_code

_LOCK = threading.RLock()
_loading = False


class _DeferredModule(types.ModuleType):
    """``libcst`` before its import has run: ``__name__``, ``__spec__`` and ``__file__`` only, no
    ``__path__`` (so that ``import libcst.metadata`` asks for it and so runs ``libcst/__init__`` first)."""

    def __getattr__(self, name: str) -> Any:
        global _loading
        with _LOCK:  # another thread waits here until the import has finished
            if type(self) is _DeferredModule:
                if _loading:  # libcst's own __init__ asking for a name it has not defined yet
                    raise AttributeError(f"module {self.__name__!r} has no attribute {name!r}")
                _loading = True
                try:
                    assert self.__spec__ is not None and self.__spec__.loader is not None  # defer_libcst_import checked
                    self.__path__ = self.__spec__.submodule_search_locations  # type: ignore[assignment]
                    with reuse_dataclass_code(code_file()):
                        self.__spec__.loader.exec_module(self)
                    plain_node_isinstance(self.CSTNode)
                finally:
                    _loading = False
                self.__class__ = types.ModuleType  # type: ignore[assignment]
                if gc.get_freeze_count():
                    # The command froze its start-up objects so that the cycle collector stops
                    # walking them (cli._tune_garbage_collection): libcst's import is one of them.
                    gc.freeze()
        return getattr(self, name)


class _NodeClass(type):
    """The metaclass of libcst's node classes in the command's process: ``type``'s own isinstance."""


def plain_node_isinstance(root: type) -> None:
    """Swap ``ABCMeta`` for a plain metaclass on ``root`` and every class under it.

    ``isinstance(node, cst.Call)`` on an ``ABCMeta`` class runs ``ABCMeta.__instancecheck__``, a
    Python function, unless the node is exactly that class: about 0.4 µs a check, and the analyses
    make millions (a tenth of a cold run). libcst registers no virtual subclasses, so the answer is
    the class hierarchy's either way; abstract classes stay uninstantiable (that flag is set on the
    class, not by its metaclass)."""
    pending = [root]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if type(cls) is abc.ABCMeta:
            cls.__class__ = _NodeClass  # type: ignore[assignment]  # a metaclass swap, which mypy cannot model


def defer_libcst_import() -> None:
    if "libcst" in sys.modules:
        return  # imported already (by the user's program, a plugin, a test): nothing to defer
    spec = importlib.util.find_spec("libcst")
    if spec is None or spec.loader is None:
        return  # the ordinary import will say that libcst is missing
    module = importlib.util.module_from_spec(spec)
    # What the import system sets once a module has loaded. Without it every `import libcst` (and
    # libcst's native parser imports it for each node it builds) looks the attribute up in vain.
    spec._initializing = False  # type: ignore[attr-defined]
    del module.__path__
    module.__class__ = _DeferredModule
    sys.modules["libcst"] = module


def load_libcst_now() -> None:
    """Run the deferred import here (before forking workers: they then share it, instead of each
    importing libcst again)."""
    import libcst

    libcst.Module  # noqa: B018  (the attribute access is what runs the import)
