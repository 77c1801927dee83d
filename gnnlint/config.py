"""``[tool.gnnlint]`` in pyproject.toml, CLI overrides, and rule selection, with clear errors."""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from gnnlint.diagnostics import SEVERITIES
from gnnlint.rule import Rule

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib


class ConfigError(Exception):
    """A bad configuration or command line: one line, exit status 2."""


@dataclasses.dataclass
class Config:
    select: list[str] | None = None
    extend_select: list[str] = dataclasses.field(default_factory=list)
    ignore: list[str] = dataclasses.field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = dataclasses.field(default_factory=dict)
    exclude: list[str] = dataclasses.field(default_factory=list)
    extend_exclude: list[str] = dataclasses.field(default_factory=list)
    output_format: str | None = None
    fail_on: str = "warning"
    plugins: list[str] = dataclasses.field(default_factory=list)
    disable_plugins: list[str] = dataclasses.field(default_factory=list)
    cache_dir: str | None = None
    options: dict[str, dict[str, Any]] = dataclasses.field(default_factory=dict)
    # Where relative paths in the config (exclude, per-file-ignores, plugins, cache) are anchored.
    root: Path = dataclasses.field(default_factory=Path.cwd)
    source: Path | None = None

    @property
    def excludes(self) -> list[str]:
        return self.exclude + self.extend_exclude


# key in TOML -> (attribute, expected type description, validator)
_LIST_KEYS = {"select", "extend-select", "ignore", "exclude", "extend-exclude", "plugins", "disable-plugins"}
_STRING_KEYS = {"output-format", "fail-on", "cache-dir"}
_TABLE_KEYS = {"per-file-ignores", "options"}
KNOWN_KEYS = sorted(_LIST_KEYS | _STRING_KEYS | _TABLE_KEYS)


def _suggest(word: str, choices: Iterable[str]) -> str:
    import difflib  # only on a misspelling

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def find_config(start: Path) -> Path | None:
    """The nearest pyproject.toml, from ``start`` upwards, that has a [tool.gnnlint] table."""
    for directory in (start, *start.parents):
        candidate = directory / "pyproject.toml"
        if candidate.is_file():
            try:
                if "gnnlint" in _read_toml(candidate).get("tool", {}):
                    return candidate
            except ConfigError:
                return candidate  # report the broken file rather than skip it silently
    return None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: invalid TOML: {error}") from None
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror or error}") from None


def load_config(path: Path | None) -> Config:
    """Read ``path`` (a pyproject.toml with [tool.gnnlint], or a file of gnnlint keys at top level)."""
    if path is None:
        return Config()
    data = _read_toml(path)
    table = data.get("tool", {}).get("gnnlint") if "tool" in data else None
    if table is None:
        table = {} if path.name == "pyproject.toml" else data
    where = f"{path} [tool.gnnlint]" if path.name == "pyproject.toml" else str(path)
    config = Config(root=path.parent.resolve(), source=path)
    for key, value in table.items():
        if key not in KNOWN_KEYS:
            raise ConfigError(f"{where}: unknown key '{key}'{_suggest(key, KNOWN_KEYS)}")
        attribute = key.replace("-", "_")
        if key in _LIST_KEYS:
            if not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
                raise ConfigError(f"{where}: '{key}' must be a list of strings")
        elif key in _STRING_KEYS:
            if not isinstance(value, str):
                raise ConfigError(f"{where}: '{key}' must be a string")
        elif key == "per-file-ignores":
            if not (isinstance(value, dict) and all(
                    isinstance(v, list) and all(isinstance(c, str) for c in v) for v in value.values())):
                raise ConfigError(f"{where}: 'per-file-ignores' must map glob patterns to lists of codes")
        elif key == "options":
            if not (isinstance(value, dict) and all(isinstance(v, dict) for v in value.values())):
                raise ConfigError(f"{where}: 'options' must hold one table per rule code, e.g. [tool.gnnlint.options.GNN404]")
        setattr(config, attribute, value)
    if config.fail_on not in SEVERITIES:
        raise ConfigError(f"{where}: 'fail-on' must be one of {', '.join(SEVERITIES)}, not '{config.fail_on}'")
    return config


def split_codes(values: Sequence[str] | None) -> list[str]:
    """``["GNN1,GNN201", "GNN3"]`` -> ``["GNN1", "GNN201", "GNN3"]`` (CLI values may be comma-separated)."""
    codes = []
    for value in values or ():
        codes += [part.strip().upper() for part in value.split(",") if part.strip()]
    return codes


def _matches(prefix: str, rule: type[Rule]) -> bool:
    return prefix == "ALL" or rule.code.startswith(prefix)


def resolve_codes(codes: Iterable[str], rules: Sequence[type[Rule]], where: str) -> list[str]:
    """Code prefixes as given, and rule names (``max-scaling``, as ``--explain`` takes) turned into
    their codes; an unknown one is a ConfigError with the closest match."""
    by_name = {rule.name: rule.code for rule in rules}
    resolved = []
    for code in codes:
        code = by_name.get(code.lower(), code)
        if not any(_matches(code, rule) for rule in rules):
            if "-" in code:
                name = code.lower()
                raise ConfigError(f"{where}: unknown rule name '{name}'{_suggest(name, by_name)}")
            raise ConfigError(f"{where}: unknown rule code '{code}'{_suggest(code, [r.code for r in rules])}")
        resolved.append(code)
    return resolved


def selection_for(config: Config, rules: Sequence[type[Rule]], select: Sequence[str] | None = None,
                  extend_select: Sequence[str] | None = None, ignore: Sequence[str] | None = None) -> Selection:
    """The rules a run enables: the command line's values (comma-separated, as typed) over the
    config's, the way the CLI and the Python API both resolve them. Also resolves the rule names
    in ``config.per_file_ignores`` into codes, in place."""
    if select:
        chosen: list[str] | None = resolve_codes(split_codes(select), rules, "select")
    elif config.select is not None:
        chosen = resolve_codes(split_codes(config.select), rules, "select")
    else:
        chosen = None
    extra = resolve_codes(split_codes(config.extend_select) + split_codes(extend_select), rules, "extend-select")
    left_out = resolve_codes(split_codes(config.ignore) + split_codes(ignore), rules, "ignore")
    config.per_file_ignores = {
        pattern: resolve_codes(split_codes(codes), rules, f"per-file-ignores '{pattern}'")
        for pattern, codes in config.per_file_ignores.items()}
    return select_rules(rules, chosen, extra, left_out)


@dataclasses.dataclass(frozen=True)
class Selection:
    enabled: tuple[type[Rule], ...]
    explicit: frozenset[str]


def select_rules(rules: Sequence[type[Rule]], select: list[str] | None, extend_select: list[str],
                 ignore: list[str]) -> Selection:
    """Default rules (or ``select``), plus ``extend_select``, minus ``ignore``; codes are prefixes."""
    if select is None:
        base = {r for r in rules if r.enabled_by_default()}
        explicit: set[type[Rule]] = set()
    else:
        base = {r for r in rules if any(_matches(p, r) for p in select)}
        explicit = set(base)
    extra = {r for r in rules if any(_matches(p, r) for p in extend_select)}
    enabled = (base | extra) - {r for r in rules if any(_matches(p, r) for p in ignore)}
    ordered = tuple(sorted(enabled, key=lambda r: r.code))
    return Selection(ordered, frozenset(r.code for r in (explicit | extra) & enabled))


def rule_settings(config: Config, rules: Sequence[type[Rule]]) -> dict[str, dict[str, Any]]:
    """Per-rule options by code (config may name a rule by code or by name), validated."""
    by_key = {r.code: r for r in rules} | {r.name: r for r in rules}
    settings: dict[str, dict[str, Any]] = {}
    for key, values in config.options.items():
        rule = by_key.get(key) or by_key.get(key.upper())
        if rule is None:
            raise ConfigError(f"[tool.gnnlint.options]: unknown rule '{key}'{_suggest(key, list(by_key))}")
        for option, value in values.items():
            if option not in rule.options:
                known = ", ".join(rule.options) or "none"
                raise ConfigError(f"[tool.gnnlint.options.{key}]: unknown option '{option}' for {rule.code} "
                                  f"(its options: {known}){_suggest(option, rule.options)}")
            default = rule.options[option]
            if default is not None and not isinstance(value, type(default)) and not (
                    isinstance(default, float) and isinstance(value, int)):
                raise ConfigError(f"[tool.gnnlint.options.{key}]: '{option}' must be a {type(default).__name__}")
        settings[rule.code] = dict(values)
    return settings
