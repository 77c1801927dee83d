"""Which settings lint a file: the ``[tool.gnnlint]`` of its project, with its plugins, exactly as
the CLI builds them, and "lint this text as if it were the file at this path".

Independent of pygls, so it can be tested and reused without an editor.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable
from pathlib import Path

from gnnlint.api import build_settings
from gnnlint.config import Config, find_config, load_config, selection_for
from gnnlint.diagnostics import Diagnostic
from gnnlint.discovery import Excluder
from gnnlint.engine import Finding, LintSettings, analyse
from gnnlint.plugins import collect_rules, get_plugin_manager
from gnnlint.rule import Rule
from gnnlint.runner import per_file_ignore_filter


@dataclasses.dataclass(frozen=True)
class Project:
    """One configuration (a pyproject.toml, or none) and what it turns into."""

    config: Config
    settings: LintSettings
    rules: dict[str, type[Rule]]  # every registered rule by code, enabled or not
    keep: Callable[[Diagnostic], bool]  # per-file-ignores
    excluder: Excluder

    def relative(self, path: Path) -> str:
        """The path as the CLI would name it when run from the project root. Rules look at the
        path (a file under tests/ is a test): an absolute path such as /home/me/testing/x.py
        must not make every file a test."""
        try:
            return path.resolve().relative_to(self.config.root).as_posix()
        except ValueError:
            return path.as_posix()

    def lint(self, text: str, path: Path) -> list[Finding]:
        """The findings the CLI would report for ``path`` if it held ``text``."""
        if self.excluder.excluded(path):
            return []
        findings = analyse(text, self.relative(path), self.settings)
        # per-file-ignores resolves the path it is given: hand it the absolute one.
        return [f for f in findings if self.keep(dataclasses.replace(f.diagnostic, path=str(path)))]


def build_project(config: Config) -> Project:
    """The CLI's wiring from a config to the settings of a run (api.build_settings and
    config.selection_for, as cli.py calls them), without command-line options."""
    manager = get_plugin_manager(local_plugins=config.plugins, blocked=config.disable_plugins,
                                 search_path=str(config.root))
    rules = collect_rules(manager)
    settings = build_settings(config, rules, selection_for(config, rules))
    return Project(config, settings, {rule.code: rule for rule in rules},
                   per_file_ignore_filter(config.per_file_ignores, config.root), Excluder(config.excludes, config.root))


class Projects:
    """The project of each file, rebuilt when its pyproject.toml changes on disk.

    A file's nearest configured pyproject.toml is looked up once per folder (``forget`` clears that
    when a pyproject.toml is created or saved); the config itself is re-read when its mtime moves.
    Raises ConfigError / PluginError as the CLI would report them.
    """

    def __init__(self, default_root: Callable[[Path], Path]) -> None:
        self._default_root = default_root  # where a file with no configured project is anchored
        self._config_of_folder: dict[Path, Path | None] = {}
        self._built: dict[tuple[Path | None, Path], tuple[int, Project]] = {}

    def forget(self) -> None:
        self._config_of_folder.clear()

    def for_file(self, path: Path) -> Project:
        folder = path.parent
        if folder not in self._config_of_folder:
            self._config_of_folder[folder] = find_config(folder)
        source = self._config_of_folder[folder]
        root = source.parent.resolve() if source is not None else self._default_root(path)
        try:
            stamp = os.stat(source).st_mtime_ns if source is not None else 0
        except OSError:  # deleted since: look again
            self.forget()
            return self.for_file(path)
        key = (source, root)
        cached = self._built.get(key)
        if cached is None or cached[0] != stamp:
            config = load_config(source) if source is not None else Config(root=root)
            cached = (stamp, build_project(config))
            self._built[key] = cached
        return cached[1]
