"""Building the plugin manager and collecting what plugins register.

Built-in rules and reporters are registered through the same hooks a third-party plugin uses.
"""

from __future__ import annotations

import functools
import importlib
import os
import re
import sys
from collections.abc import Iterable, Sequence
from types import ModuleType
from typing import TYPE_CHECKING, Any, cast

import pluggy

from gnnlint import hookspecs
from gnnlint.rule import CODE_PATTERN, NAME_PATTERN, Rule

if TYPE_CHECKING:
    from importlib import metadata

    from gnnlint.engine import LintSettings

ENTRY_POINT_GROUP = "gnnlint"
AUTOLOAD_SWITCH = "GNNLINT_DISABLE_PLUGIN_AUTOLOAD"
BUILTINS = ("gnnlint.rules", "gnnlint.reporters", "gnnlint.probe_backends")


class PluginError(Exception):
    """A plugin could not be loaded or registered something invalid (exit status 2)."""


def get_plugin_manager(
    *,
    local_plugins: Sequence[str] = (),
    blocked: Iterable[str] = (),
    autoload: bool | None = None,
    search_path: str | None = None,
) -> pluggy.PluginManager:
    """A fresh plugin manager: built-ins, installed entry points (unless autoload is off), then
    the local modules named in config (imported with ``search_path`` first on ``sys.path``)."""
    manager = pluggy.PluginManager(hookspecs.PROJECT)
    manager.add_hookspecs(hookspecs)
    for name in blocked:
        manager.set_blocked(name)
    for module_name in BUILTINS:
        manager.register(importlib.import_module(module_name), name=module_name)
    if autoload is None:
        autoload = not os.environ.get(AUTOLOAD_SWITCH)
    if autoload:
        _load_entry_points(manager)
    for module_name in local_plugins:
        if manager.is_blocked(module_name):
            continue
        manager.register(_import_local(module_name, search_path), name=module_name)
    try:
        manager.check_pending()
    except pluggy.PluginValidationError as error:
        raise PluginError(f"plugin '{manager.get_name(error.plugin)}': {error}") from None
    return manager


_GROUP_HEADER = re.compile(rb"^\s*\[\s*" + re.escape(ENTRY_POINT_GROUP.encode()) + rb"\s*\]", re.MULTILINE)


def _may_declare_entry_points() -> bool:
    """Whether any distribution on ``sys.path`` may declare a gnnlint entry point, from a look at
    the ``entry_points.txt`` files in its folders. ``importlib.metadata`` costs about 40 ms to
    import (it parses e-mail headers), a fifth of a one-file run; a run with no plugin installed
    skips it. Anything this look cannot see into (a zip on the path) counts as "may"."""
    for entry in sys.path:
        folder = entry or "."
        try:
            names = os.listdir(folder)
        except NotADirectoryError:
            return True
        except OSError:
            continue
        candidates = [os.path.join(folder, name, "entry_points.txt") for name in names
                      if name.endswith((".dist-info", ".egg-info"))]
        candidates += [os.path.join(folder, name, "EGG-INFO", "entry_points.txt") for name in names
                       if name.endswith(".egg")]
        if folder.endswith(".egg"):
            candidates.append(os.path.join(folder, "EGG-INFO", "entry_points.txt"))
        for path in candidates:
            try:
                with open(path, "rb") as file:
                    if _GROUP_HEADER.search(file.read()):
                        return True
            except OSError:
                continue
    return False


def _load_entry_points(manager: pluggy.PluginManager) -> None:
    if not _may_declare_entry_points():
        return
    from importlib import metadata

    for entry_point in metadata.entry_points(group=ENTRY_POINT_GROUP):
        if manager.is_blocked(entry_point.name) or manager.has_plugin(entry_point.name):
            continue
        distribution = _distribution_label(entry_point)
        try:
            plugin = entry_point.load()
        except Exception as error:
            raise PluginError(
                f"plugin '{entry_point.name}' from {distribution} failed to import: {type(error).__name__}: {error}"
            ) from None
        manager.register(plugin, name=entry_point.name)
        _distributions(manager)[entry_point.name] = distribution.removeprefix("distribution ")


def unmatched_plugin_names(names: Iterable[str], local_plugins: Sequence[str] = ()) -> list[str]:
    """The names in ``names`` (config ``disable-plugins``) that are no plugin here: not built in, not
    a local plugin, not an installed entry point (looked up even when autoload is off)."""
    known = set(BUILTINS) | set(local_plugins)
    if _may_declare_entry_points():
        from importlib import metadata

        known |= {entry_point.name for entry_point in metadata.entry_points(group=ENTRY_POINT_GROUP)}
    return [name for name in names if name not in known]


def _distributions(manager: pluggy.PluginManager) -> dict[str, str]:
    """Plugin name -> "dist version", kept on the manager (pluggy only tracks its own loader's)."""
    if not hasattr(manager, "gnnlint_distributions"):
        manager.gnnlint_distributions = {}  # type: ignore[attr-defined]
    return cast("dict[str, str]", manager.gnnlint_distributions)  # type: ignore[attr-defined]


def _distribution_label(entry_point: metadata.EntryPoint) -> str:
    dist = entry_point.dist
    if dist is None:
        return "an unknown distribution"
    return f"distribution {dist.metadata['name']} {dist.version}"


def _import_local(module_name: str, search_path: str | None) -> ModuleType:
    added = search_path is not None and search_path not in sys.path
    if added:
        assert search_path is not None
        sys.path.insert(0, search_path)
    try:
        return importlib.import_module(module_name)
    except Exception as error:
        raise PluginError(
            f"local plugin '{module_name}' (from config `plugins`) failed to import: {type(error).__name__}: {error}"
        ) from None
    finally:
        if added:
            assert search_path is not None
            sys.path.remove(search_path)


def plugin_versions(manager: pluggy.PluginManager) -> list[tuple[str, str]]:
    """(plugin name, distribution and version) for every non-built-in plugin, for --version and the cache key."""
    dists = _distributions(manager)
    result = []
    for name, plugin in manager.list_name_plugin():
        if name in BUILTINS or plugin is None:
            continue
        result.append((name, dists.get(name, "local module")))
    return sorted(result)


def plugin_fingerprint(manager: pluggy.PluginManager) -> list[tuple[str, str]]:
    """What identifies each non-built-in plugin's code, for the result cache's key: an installed
    distribution's name and version; for a local module (config ``plugins``), a hash of the source
    of every loaded module of its top-level package (the helpers it imports from beside it
    included), so editing any of them invalidates the cached results."""
    result = []
    for name, identity in plugin_versions(manager):
        if identity == "local module":
            identity = f"local module {_source_hash(cast(ModuleType, manager.get_plugin(name)))}"
        result.append((name, identity))
    return result


def _source_hash(module: ModuleType) -> str:
    import hashlib

    top = module.__name__.partition(".")[0]
    files = sorted({cast(str, loaded.__file__) for name, loaded in list(sys.modules.items())
                    if (name == top or name.startswith(top + ".")) and getattr(loaded, "__file__", None)})
    digest = hashlib.blake2b(digest_size=16)
    for path in files:
        digest.update(path.encode() + b"\0")
        try:
            with open(path, "rb") as handle:
                digest.update(handle.read())
        except OSError:
            digest.update(b"unreadable")
    return digest.hexdigest()


def _collect(manager: pluggy.PluginManager, hook_name: str) -> list[tuple[str, Any]]:
    """Call each plugin's implementation of a hook on its own, so errors name the plugin."""
    collected = []
    hook = getattr(manager.hook, hook_name)
    for impl in reversed(hook.get_hookimpls()):  # pluggy lists last-registered first
        plugin_name = manager.get_name(impl.plugin) or "?"
        try:
            returned = impl.function()
        except Exception as error:
            raise PluginError(
                f"plugin '{plugin_name}' raised in {hook_name}: {type(error).__name__}: {error}"
            ) from None
        for item in returned or ():
            collected.append((plugin_name, item))
    return collected


def collect_rules(manager: pluggy.PluginManager) -> list[type[Rule]]:
    """Every registered rule class, validated, with its ``plugin`` set; sorted by code."""
    by_code: dict[str, type[Rule]] = {}
    by_name: dict[str, type[Rule]] = {}
    for plugin_name, rule in _collect(manager, "gnnlint_register_rules"):
        _validate_rule(plugin_name, rule)
        rule.plugin = plugin_name if plugin_name not in BUILTINS else "gnnlint"
        for index, key in ((by_code, rule.code), (by_name, rule.name)):
            other = index.get(key)
            if other is not None and other is not rule:
                raise PluginError(
                    f"plugin '{rule.plugin}' registers {rule.code} ({rule.name}), but plugin '{other.plugin}' "
                    f"already registered {other.code} ({other.name})"
                )
            index[key] = rule
    return sorted(by_code.values(), key=lambda r: r.code)


def _validate_rule(plugin_name: str, rule: Any) -> None:
    if not (isinstance(rule, type) and issubclass(rule, Rule)):
        raise PluginError(f"plugin '{plugin_name}' registered {rule!r}, which is not a gnnlint.Rule subclass")
    for attribute in ("code", "name", "message"):
        if not isinstance(getattr(rule, attribute, None), str):
            raise PluginError(f"plugin '{plugin_name}': rule {rule.__name__} has no `{attribute}`")
    if not CODE_PATTERN.match(rule.code):
        raise PluginError(
            f"plugin '{plugin_name}': rule code {rule.code!r} must be 2-4 capital letters and 3 digits, e.g. ABC001"
        )
    if rule.code.startswith("GNN") and plugin_name not in BUILTINS:
        raise PluginError(f"plugin '{plugin_name}': rule code {rule.code} uses the prefix GNN, reserved for gnnlint")
    if not NAME_PATTERN.match(rule.name):
        raise PluginError(f"plugin '{plugin_name}': rule name {rule.name!r} must be kebab-case")
    if rule.severity not in ("info", "warning", "error"):
        raise PluginError(f"plugin '{plugin_name}': rule {rule.code} has unknown severity {rule.severity!r}")
    if rule.fix not in (None, "safe", "unsafe"):
        raise PluginError(f"plugin '{plugin_name}': rule {rule.code} has `fix = {rule.fix!r}` (use \"safe\", \"unsafe\" or None)")


def collect_reporters(manager: pluggy.PluginManager) -> dict[str, type]:
    reporters: dict[str, type] = {}
    for plugin_name, reporter in _collect(manager, "gnnlint_register_reporters"):
        name = getattr(reporter, "name", None)
        if not isinstance(name, str):
            raise PluginError(f"plugin '{plugin_name}' registered a reporter without a `name`")
        if name in reporters:
            raise PluginError(f"plugin '{plugin_name}' registers output format {name!r}, which is already taken")
        reporters[name] = reporter
    return reporters


def collect_probe_backends(manager: pluggy.PluginManager) -> list[Any]:
    """Every registered probe backend, validated; plugins' first, the built-in ones last (the
    built-in TensorFlow backend is the fallback that takes any model)."""
    backends = []
    for plugin_name, backend in _collect(manager, "gnnlint_register_probe_backends"):
        if not (isinstance(getattr(backend, "name", None), str) and callable(getattr(backend, "handles", None))
                and callable(getattr(backend, "measure", None))):
            raise PluginError(f"plugin '{plugin_name}' registered a probe backend without `name`, `handles` "
                              f"and `measure`: {backend!r}")
        backends.append((plugin_name in BUILTINS, backend))
    return [backend for _, backend in sorted(backends, key=lambda pair: pair[0])]


@functools.lru_cache(maxsize=1)
def default_settings() -> LintSettings:
    """Settings for the Python API when none are given: installed plugins, default-enabled rules."""
    from gnnlint.engine import LintSettings

    rules = collect_rules(get_plugin_manager())
    return LintSettings(rules=tuple(r for r in rules if r.enabled_by_default()),
                        own_prefixes=own_prefixes(rules))


def own_prefixes(rules: Sequence[type[Rule]]) -> tuple[str, ...]:
    return tuple(sorted({rule.code.rstrip("0123456789") for rule in rules} | {"GNN"}))
