"""Configuration files: the values a YAML or JSON file hands a run.

Projects keep hyper-parameters (the encoder, the number of layers, the learning rate) in
``configs.yml`` or ``*.json`` files that the script loads and merges into its parsed options. This
module reads such files without a YAML library: JSON with the standard library, and the subset of
YAML that real configuration files use (nested block mappings, scalars, flow and block lists of
scalars, comments). Anything outside that subset (anchors, tags, multi-line strings, flow
mappings) makes the whole file unknown, so nothing is concluded from a file only half understood.
Scalars resolve as PyYAML's default loader resolves them (``1e-3`` without a dot stays a string).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

# Files larger than this are data, not configuration.
MAX_BYTES = 64 * 1024
SUFFIXES = (".yml", ".yaml", ".json")

Scalar = str | int | float | bool | None
Value = Scalar | list[Scalar] | dict[str, "Value"]

# PyYAML's implicit resolvers (YAML 1.1), restricted to the decimal forms configs write.
_INT = re.compile(r"[-+]?(0|[1-9][0-9_]*)$")
_FLOAT = re.compile(r"[-+]?([0-9][0-9_]*)?\.[0-9_]*([eE][-+][0-9]+)?$")
_BOOLS = {"yes": True, "no": False, "true": True, "false": False, "on": True, "off": False}
_NULLS = ("", "~", "null", "Null", "NULL")
# Characters that start YAML constructs outside the subset read here.
_UNSUPPORTED_START = ("&", "*", "!", "|", ">", "{", "%", "@", "`")


class _Unsupported(Exception):
    """The file uses YAML this reader does not model."""


def read_config(path: Path) -> dict[str, Value] | None:
    """The mapping a configuration file holds, or None (unreadable, too large, not a mapping, or
    outside the YAML subset)."""
    try:
        if path.suffix not in SUFFIXES or path.stat().st_size > MAX_BYTES:
            return None
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    return parse_config(text, json_file=path.suffix == ".json")


def parse_config(text: str, json_file: bool = False) -> dict[str, Value] | None:
    """``text`` as JSON (``json_file``) or as the YAML subset; None when not a mapping or unknown."""
    try:
        value: object = json.loads(text) if json_file else _parse_yaml(text)
    except (ValueError, _Unsupported, RecursionError):
        return None
    return value if isinstance(value, dict) else None


def _parse_yaml(text: str) -> dict[str, Value]:
    lines: list[tuple[int, str]] = []
    for raw in text.splitlines():
        if "\t" in raw[: len(raw) - len(raw.lstrip())]:
            raise _Unsupported("tab indentation")
        content = _strip_comment(raw).rstrip()
        if not content.strip() or content.strip() in ("---", "..."):
            continue
        lines.append((len(content) - len(content.lstrip(" ")), content.strip()))
    value, end = _block(lines, 0, lines[0][0] if lines else 0)
    if end != len(lines) or not isinstance(value, dict):
        raise _Unsupported("trailing content")
    return value


def _strip_comment(line: str) -> str:
    """The line without its ``# comment`` (a ``#`` that starts the line or follows a space, outside
    quotes)."""
    quote = ""
    for index, char in enumerate(line):
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == "#" and (index == 0 or line[index - 1] in " \t"):
            return line[:index]
    return line


def _block(lines: list[tuple[int, str]], start: int, indent: int) -> tuple[Value, int]:
    """The block mapping or block list whose lines start at ``start`` with ``indent``; returns it
    and the index of the first line after it."""
    if start >= len(lines):
        return None, start
    if lines[start][1].startswith("- ") or lines[start][1] == "-":
        return _block_list(lines, start, indent)
    mapping: dict[str, Value] = {}
    index = start
    while index < len(lines) and lines[index][0] == indent:
        key, rest = _key_and_rest(lines[index][1])
        mapping.pop(key, None)  # a repeated key: the last one wins, as in PyYAML
        index += 1
        if rest:
            mapping[key] = _scalar_or_flow(rest)
        elif index < len(lines) and (lines[index][0] > indent or (
                lines[index][0] == indent and lines[index][1].startswith("- "))):
            mapping[key], index = _block(lines, index, lines[index][0])
        else:
            mapping[key] = None
    if index < len(lines) and lines[index][0] > indent:
        raise _Unsupported("bad indentation")
    return mapping, index


def _block_list(lines: list[tuple[int, str]], start: int, indent: int) -> tuple[Value, int]:
    items: list[Scalar] = []
    index = start
    while index < len(lines) and lines[index][0] == indent and lines[index][1].startswith("-"):
        item = lines[index][1][1:].strip()
        value = _scalar_or_flow(item)
        if isinstance(value, (list, dict)) or _key_and_rest_or_none(item) is not None:
            raise _Unsupported("nested list item")
        items.append(value)
        index += 1
    return items, index


def _key_and_rest_or_none(content: str) -> tuple[str, str] | None:
    match = re.match(r"""("[^"]*"|'[^']*'|[^\s'"#:][^:#]*?)\s*:(\s+|$)""", content)
    if match is None:
        return None
    key = match.group(1)
    return (key[1:-1] if key[0] in "'\"" else key), content[match.end():].strip()


def _key_and_rest(content: str) -> tuple[str, str]:
    found = _key_and_rest_or_none(content)
    if found is None or found[0].startswith(_UNSUPPORTED_START) or found[0].startswith(("?", "-")):
        raise _Unsupported(f"not a mapping entry: {content}")
    return found


def _scalar_or_flow(text: str) -> Value:
    if text.startswith("[") and text.endswith("]"):
        inner = text[1:-1].strip()
        if any(char in inner for char in "[]{}\"'"):
            raise _Unsupported("nested or quoted flow list")
        return [_scalar(item.strip()) for item in inner.split(",")] if inner else []
    return _scalar(text)


def _scalar(text: str) -> Scalar:
    if text.startswith(_UNSUPPORTED_START) or text.startswith(("[", "]", "}", "-  ")):
        raise _Unsupported(f"unsupported value: {text}")
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        inner = text[1:-1]
        if text[0] == '"' and "\\" in inner or inner.count(text[0]):
            raise _Unsupported("escapes in a quoted string")
        return inner
    if text[:1] in "'\"" or ": " in text:
        raise _Unsupported(f"unsupported value: {text}")
    if text in _NULLS:
        return None
    if text.lower() in _BOOLS and text in (text.lower(), text.capitalize(), text.upper()):
        return _BOOLS[text.lower()]
    if _INT.match(text):
        return int(text.replace("_", ""))
    if _FLOAT.match(text) and any(char.isdigit() for char in text):
        return float(text.replace("_", ""))
    if text.lower() in (".inf", "+.inf", "-.inf", ".nan"):
        return float(text.lower().replace(".", ""))
    return text
