"""Mapping what runs in the child back to lines of the user's file.

Layers are mapped to the line that created them (``self.conv1 = GCNConv(...)``) by recording the
first frame in the user's file on the way out of the layer's constructor, skipping the layer's own
``__init__`` chain; operations (an activation, the first NaN) to the user-file line that called them.
"""

from __future__ import annotations

import functools
import inspect
import os
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from types import FrameType


class Sites:
    def __init__(self, user_file: str) -> None:
        self.user_file = os.path.realpath(user_file)
        self._files: dict[str, bool] = {}
        self.created: dict[int, tuple[int, Any]] = {}

    def is_user(self, filename: str) -> bool:
        known = self._files.get(filename)
        if known is None:
            known = self._files[filename] = os.path.realpath(filename) == self.user_file
        return known

    def user_lines(self, depth: int = 1, limit: int = 12) -> list[int]:
        """Lines of the user's file on the current stack, innermost first."""
        lines: list[int] = []
        frame: FrameType | None = sys._getframe(depth)
        while frame is not None and len(lines) < limit:
            if self.is_user(frame.f_code.co_filename):
                lines.append(frame.f_lineno)
            frame = frame.f_back
        return lines

    def caller_is_user(self, skip_prefixes: tuple[str, ...]) -> bool:
        """Whether the innermost frame outside the framework (and this package) is the user's file."""
        frame: FrameType | None = sys._getframe(1)
        here = os.path.dirname(os.path.abspath(__file__))
        while frame is not None:
            name = frame.f_code.co_filename
            if not (name.startswith(skip_prefixes) or name.startswith(here) or name.startswith("<")):
                return self.is_user(name)
            frame = frame.f_back
        return False

    def creation_line(self, obj: Any) -> int | None:
        found = self.created.get(id(obj))
        return found[0] if found is not None and found[1] is obj else None

    def record_creation(self, obj: Any) -> None:
        frame: FrameType | None = sys._getframe(2)
        while frame is not None:
            if self.is_user(frame.f_code.co_filename) and frame.f_locals.get("self") is not obj:
                self.created[id(obj)] = (frame.f_lineno, obj)
                return
            frame = frame.f_back

    def patch_init(self, cls: type) -> None:
        """Wrap ``cls.__init__`` (a framework base class) so every instance records where it was built."""
        original = cls.__init__  # type: ignore[misc]
        if getattr(original, "_gnnlint_wrapped", False):
            return
        sites = self

        @functools.wraps(original)
        def __init__(obj: Any, *args: Any, **kwargs: Any) -> None:
            if id(obj) not in sites.created:
                sites.record_creation(obj)
            original(obj, *args, **kwargs)

        __init__._gnnlint_wrapped = True  # type: ignore[attr-defined]
        cls.__init__ = __init__  # type: ignore[misc]


def class_span(cls: type, sites: Sites) -> tuple[int, int] | None:
    try:
        if not sites.is_user(inspect.getsourcefile(cls) or ""):
            return None
        lines, start = inspect.getsourcelines(cls)
    except (OSError, TypeError):
        return None
    return start, start + len(lines) - 1


def def_line(obj: Any, sites: Sites) -> int | None:
    """Where ``obj`` was created in the user's file, else where its class is defined there."""
    line = sites.creation_line(obj)
    if line is not None:
        return line
    span = class_span(type(obj), sites)
    return span[0] if span else None
