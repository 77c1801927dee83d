"""The hooks a gnnlint plugin can implement (entry-point group ``gnnlint``).

Each hook returns a list; gnnlint calls every plugin's implementation separately so that what it
returns, and any error it raises, is attributed to that plugin by name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from gnnlint.reporters.base import Reporter
    from gnnlint.rule import Rule

PROJECT = "gnnlint"
hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def gnnlint_register_rules() -> list[type[Rule]]:  # type: ignore[empty-body]
    """Return the :class:`gnnlint.Rule` subclasses this plugin provides."""


@hookspec
def gnnlint_register_reporters() -> list[type[Reporter]]:  # type: ignore[empty-body]
    """Return the :class:`gnnlint.Reporter` subclasses this plugin provides (``--output-format NAME``)."""


@hookspec
def gnnlint_register_probe_backends() -> list[object]:  # type: ignore[empty-body]
    """Return runtime-probe backends: objects with ``name``, ``handles(model)`` and ``measure(...)``
    (see gnnlint.probe_backends); the probe asks plugins' backends before the built-in ones."""
