"""The Python API: ``lint_source`` and ``lint_paths`` with what the command line would use.

Without explicit ``settings`` they read the same configuration (``[tool.gnnlint]`` of the nearest
pyproject.toml from the current directory, or the ``config`` file given), select the same rules
(info-severity advice only when selected), and apply ``exclude`` and ``per-file-ignores``, so
``gnnlint.lint_paths(["src/"])`` finds what ``gnnlint src/`` prints.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from gnnlint.config import Config, find_config, load_config, rule_settings, selection_for
from gnnlint.diagnostics import Diagnostic

if TYPE_CHECKING:
    from gnnlint.config import Selection
    from gnnlint.engine import LintSettings
    from gnnlint.rule import Rule


def build_settings(config: Config, rules: Sequence[type[Rule]], selection: Selection) -> LintSettings:
    """What the engine runs, from a configuration and a selection (the CLI builds its settings here too)."""
    from gnnlint.engine import LintSettings
    from gnnlint.plugins import own_prefixes

    return LintSettings(rules=selection.enabled, rule_settings=rule_settings(config, rules),
                        explicit=selection.explicit, own_prefixes=own_prefixes(rules),
                        known_codes=frozenset(rule.code for rule in rules))


def _find(config: str | os.PathLike[str] | None) -> Path | None:
    if config is not None:
        path = Path(config)
        if not path.is_file():
            from gnnlint.config import ConfigError

            raise ConfigError(f"config {config}: no such file")
        return path.resolve()
    return find_config(Path.cwd())


def _stamp(path: Path | None) -> int:
    try:
        return path.stat().st_mtime_ns if path is not None else 0
    except OSError:
        return 0


@functools.lru_cache(maxsize=8)
def _resolved(path: Path | None, stamp: int, cwd: str) -> tuple[Config, LintSettings]:
    """Loaded once per configuration file and version of it: loading plugins is not free."""
    from gnnlint.plugins import collect_rules, get_plugin_manager

    config = load_config(path)
    manager = get_plugin_manager(local_plugins=config.plugins, blocked=config.disable_plugins,
                                 search_path=str(config.root))
    rules = collect_rules(manager)
    return config, build_settings(config, rules, selection_for(config, rules))


def resolve(config: str | os.PathLike[str] | None = None) -> tuple[Config, LintSettings]:
    """The configuration and settings a run in the current directory would use."""
    path = _find(config)
    return _resolved(path, _stamp(path), os.getcwd())


def lint_source(source: str, path: str = "<string>", settings: LintSettings | None = None, *,
                config: str | os.PathLike[str] | None = None) -> list[Diagnostic]:
    """Lint Python source text as if it were the file ``path``; the diagnostics ``# noqa`` and
    ``per-file-ignores`` leave, sorted."""
    from gnnlint.engine import lint_source as lint
    from gnnlint.runner import per_file_ignore_filter

    if settings is not None:
        return lint(source, path, settings)
    loaded, settings = resolve(config)
    keep = per_file_ignore_filter(loaded.per_file_ignores, loaded.root)
    return [d for d in lint(source, path, settings) if keep(d)]


def lint_paths(paths: Sequence[str | os.PathLike[str]], settings: LintSettings | None = None, *,
               config: str | os.PathLike[str] | None = None) -> list[Diagnostic]:
    """Lint files and directories (recursively; default excludes, ``.gitignore`` and the configured
    ``exclude`` honoured); every diagnostic, sorted. Files that cannot be read raise OSError; use the
    CLI for the forgiving behaviour."""
    from gnnlint.discovery import Excluder, discover
    from gnnlint.runner import lint_files, per_file_ignore_filter

    loaded, default = resolve(config)
    settings = settings or default
    keep = per_file_ignore_filter(loaded.per_file_ignores, loaded.root)
    found = discover([os.fspath(p) for p in paths], Excluder(loaded.excludes, loaded.root))
    if found.errors:
        raise OSError(found.errors[0])
    diagnostics = []
    for outcome in lint_files([str(p) for p in found.files], settings, jobs=1):
        if outcome.error:
            raise OSError(outcome.error)
        diagnostics += [d for d in outcome.diagnostics if keep(d)]
    return sorted(diagnostics, key=Diagnostic.sort_key)
